ALTER TABLE "tenants" ADD COLUMN "sla_history_revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_tenant_opened" ON "cases" USING btree ("tenant_id","opened_at");--> statement-breakpoint
CREATE INDEX "cases_tenant_closed" ON "cases" USING btree ("tenant_id","closed_at") WHERE "cases"."closed_at" is not null;