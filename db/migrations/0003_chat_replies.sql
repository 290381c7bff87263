CREATE TABLE "chat_replies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"chat_id" bigint NOT NULL,
	"batch" text NOT NULL,
	"seq" integer NOT NULL,
	"method" text NOT NULL,
	"payload" jsonb NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "chat_states" ADD COLUMN "sender" text;--> statement-breakpoint
ALTER TABLE "chat_states" ADD COLUMN "sender_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "chat_states" ADD COLUMN "reply_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "chat_replies_pending_idx" ON "chat_replies" USING btree ("platform","chat_id","id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "chat_replies_due_idx" ON "chat_replies" USING btree ("platform","next_attempt_at") WHERE state = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "chat_replies_batch_uq" ON "chat_replies" USING btree ("platform","chat_id","batch","seq");