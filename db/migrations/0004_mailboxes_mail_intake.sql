CREATE TABLE "mail_intake" (
	"mailbox_id" uuid NOT NULL,
	"message_key" text NOT NULL,
	"tenant_id" text NOT NULL,
	"sender" text NOT NULL,
	"outcome" text NOT NULL,
	"case_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "mail_intake_key" UNIQUE("mailbox_id","message_key")
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"address" text NOT NULL,
	"imap_url" text NOT NULL,
	"smtp_url" text NOT NULL,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"from_address" text,
	"uid_validity" text,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'idle' NOT NULL,
	"last_fetch_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailboxes_address_unique" UNIQUE("address")
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "shared_mailbox" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "email_bouncing_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mail_intake" ADD CONSTRAINT "mail_intake_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_intake" ADD CONSTRAINT "mail_intake_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_intake_sender" ON "mail_intake" USING btree ("tenant_id","sender","outcome","at");--> statement-breakpoint
CREATE INDEX "mailboxes_tenant" ON "mailboxes" USING btree ("tenant_id");