DROP INDEX "cases_agency_status_idx";--> statement-breakpoint
DROP INDEX "cases_original_agency_idx";--> statement-breakpoint
CREATE INDEX "cases_agency_status_updated_idx" ON "cases" USING btree ("agency_id","status","updated_at","id");--> statement-breakpoint
CREATE INDEX "cases_original_agency_updated_idx" ON "cases" USING btree ("original_agency_id","updated_at","id");