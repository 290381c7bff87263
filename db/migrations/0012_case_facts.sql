DROP INDEX "case_events_case_facts_idx";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "referral_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "objection_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reopened" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The facts of each case's events, on the case: the agency's first response (an answer or a closing status
-- it posted), referrals, objections, whether it was reopened (by a citizen's objection, the only way). The database keeps them on every insert
-- into case_events, whoever inserts, in the inserting transaction; the figures of a period
-- (core/case-figures.ts) then read a quarter's cases without a lookup into their events for each.
UPDATE "cases" SET
  "responded_at" = f.responded_at, "referral_count" = f.referrals, "objection_count" = f.objections, "reopened" = f.reopened
FROM (
  SELECT e.case_id,
         min(e.created_at) FILTER (WHERE e.actor = 'agency' AND (e.type = 'answer' OR (e.type = 'status' AND e.status IN ('answered', 'resolved', 'unresolved', 'not_responsible', 'duplicate')))) AS responded_at,
         count(*) FILTER (WHERE e.type = 'referral')::int AS referrals,
         count(*) FILTER (WHERE e.type = 'objection')::int AS objections,
         coalesce(bool_or(e.status = 'reopened'), false) AS reopened
  FROM "case_events" e
  WHERE e.type IN ('answer', 'referral', 'objection', 'status')
  GROUP BY e.case_id
) f
WHERE f.case_id = "cases"."id";--> statement-breakpoint
CREATE FUNCTION "case_event_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "cases" SET
    "responded_at" = CASE
      WHEN NEW.actor = 'agency' AND (NEW.type = 'answer' OR (NEW.type = 'status' AND NEW.status IN ('answered', 'resolved', 'unresolved', 'not_responsible', 'duplicate')))
      THEN least(coalesce("responded_at", NEW.created_at), NEW.created_at)
      ELSE "responded_at" END,
    "referral_count" = "referral_count" + (NEW.type = 'referral')::int,
    "objection_count" = "objection_count" + (NEW.type = 'objection')::int,
    "reopened" = "reopened" OR coalesce(NEW.status = 'reopened', false)
  WHERE "id" = NEW.case_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
-- Only the events that change a fact: not the citizen's follow-ups, nor the «received» every case starts with.
CREATE TRIGGER "case_events_facts" AFTER INSERT ON "case_events" FOR EACH ROW
  WHEN (NEW.type IN ('answer', 'referral', 'objection') OR NEW.status IN ('answered', 'resolved', 'unresolved', 'not_responsible', 'duplicate', 'reopened'))
  EXECUTE FUNCTION "case_event_facts"();
