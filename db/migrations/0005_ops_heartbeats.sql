CREATE TABLE "heartbeats" (
	"name" text PRIMARY KEY NOT NULL,
	"beat_at" timestamp with time zone NOT NULL,
	"replica" text NOT NULL,
	"lag_ms" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outbox_dead" ON "outbox" USING btree ("target") WHERE "outbox"."status" = 'dead';