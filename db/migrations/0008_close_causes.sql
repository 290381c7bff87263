ALTER TABLE "cases" ADD COLUMN "close_cause" text;--> statement-breakpoint
CREATE INDEX "case_events_case_facts_idx" ON "case_events" USING btree ("case_id","type","status","actor","created_at");--> statement-breakpoint
CREATE INDEX "cases_created_idx" ON "cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cases_agency_created_idx" ON "cases" USING btree ("agency_id","created_at");