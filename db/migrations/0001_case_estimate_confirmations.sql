ALTER TABLE "cases" ADD COLUMN "estimate" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "confirmations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "minutes_spent" integer DEFAULT 0 NOT NULL;