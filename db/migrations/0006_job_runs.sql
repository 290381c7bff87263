CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"slot" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_by" text,
	"started_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"summary" text,
	"error" text,
	CONSTRAINT "job_runs_job_slot_pk" PRIMARY KEY("job","slot")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "job_runs_job_due_idx" ON "job_runs" USING btree ("job","due_at");--> statement-breakpoint
CREATE INDEX "cases_open_deadline_idx" ON "cases" USING btree ("expected_at") WHERE "cases"."closed_at" is null;