import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, cases } from "../db/schema.ts";
import { unitFor } from "./agency-units.ts";
import { caseDetailView, type EventView, type SurveyView } from "./case-views.ts";
import { enqueue } from "./outbox.ts";

export type AgencyWebhookEvent = "case.created" | "case.followup" | "case.objection" | "case.info_provided" | "survey.answered" | "case.overdue";

/**
 * Queues a webhook for the agency handling a case, in the caller's transaction. The body is built now
 * (what was true when it happened) and signed at delivery. It goes to the unit of the agency where the
 * case was filed (core/agency-units.ts) at the unit's URL, else the agency's. Without either URL nothing is
 * queued; the agency reads the same data through API v1.
 */
export async function notifyAgency(
  db: Db,
  caseId: number,
  event: AgencyWebhookEvent,
  key: string,
  extra: { event?: EventView; survey?: SurveyView } = {},
  /** When it happened, if not now (a scheduled escalation as of its slot): the body's created_at and the case's `overdue`. */
  at = new Date(),
): Promise<void> {
  const [target] = await db
    .select({ agencyId: agencies.id, url: agencies.webhookUrl, provinceId: cases.provinceId, countyId: cases.countyId })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.id, caseId));
  if (!target) return;
  const unit = await unitFor(db, target.agencyId, target.provinceId, target.countyId);
  if (!target.url && !unit?.webhookUrl) return;
  const view = await caseDetailView(db, caseId, at);
  if (!view) return;
  const deliveryId = `${event}:${key}`;
  await enqueue(db, {
    kind: "agency_webhook",
    key: `agency:${target.agencyId}:${deliveryId}`,
    orderKey: `case:${caseId}:agency:${target.agencyId}`,
    caseId,
    agencyId: target.agencyId,
    unitId: unit?.id ?? null,
    event,
    payload: { id: deliveryId, event, created_at: at.toISOString(), data: { case: view, ...extra } },
  });
}
