ALTER TABLE "mailboxes" ADD COLUMN "move_to" text;--> statement-breakpoint
CREATE INDEX "mail_intake_case" ON "mail_intake" USING btree ("case_id");