CREATE TABLE "complaint_analyses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"scope_key" text NOT NULL,
	"agency_id" bigint,
	"province_id" bigint,
	"figures" jsonb NOT NULL,
	"narrative" text NOT NULL,
	"chart_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"spreadsheet_file_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"user_id" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generated_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"platform_file_ids" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_analyses" ADD CONSTRAINT "complaint_analyses_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_analyses" ADD CONSTRAINT "complaint_analyses_province_id_provinces_id_fk" FOREIGN KEY ("province_id") REFERENCES "public"."provinces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_analyses" ADD CONSTRAINT "complaint_analyses_spreadsheet_file_id_generated_files_id_fk" FOREIGN KEY ("spreadsheet_file_id") REFERENCES "public"."generated_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_tokens" ADD CONSTRAINT "dashboard_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_analyses_period_scope_idx" ON "complaint_analyses" USING btree ("period","scope_key");--> statement-breakpoint
CREATE INDEX "dashboard_tokens_expires_idx" ON "dashboard_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "generated_files_created_idx" ON "generated_files" USING btree ("created_at");