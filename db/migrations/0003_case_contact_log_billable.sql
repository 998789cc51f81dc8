ALTER TABLE "cases" ADD COLUMN "contact_log" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "billable" boolean DEFAULT false NOT NULL;