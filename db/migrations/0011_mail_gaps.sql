ALTER TABLE "cases" ADD COLUMN "possibly_related_case_id" uuid;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD COLUMN "move_to" text;--> statement-breakpoint
CREATE INDEX "mail_intake_case" ON "mail_intake" USING btree ("case_id");