import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { scopeCondition, type Action, type Actor } from "./access.ts";
import { requireDurableCommit } from "../db/durability.ts";
import { agencies, caseEvents, cases } from "../db/schema.ts";
import { notifyAgency } from "./agency-notify.ts";
import { CASE_STATUSES, type CaseStatus } from "./case-kinds.ts";
import { toEventView, type EventView } from "./case-views.ts";
import { addWorkingDays } from "./deadlines.ts";
import type { CloseCause } from "./close-causes.ts";
import { DomainError } from "./errors.ts";
import { enqueue } from "./outbox.ts";

// What agencies and citizens add to a case after it is filed. Every agency event reaches the citizen in
// chat through the outbox; every citizen event reaches the agency as a webhook.

/** Statuses an agency may set directly; referred and reopened come only from a referral or an objection. */
export const AGENCY_SETTABLE_STATUSES = CASE_STATUSES.filter((s) => s !== "received" && s !== "referred" && s !== "reopened");
/** Statuses after which the citizen is asked the satisfaction survey. */
export const SURVEY_STATUSES: readonly CaseStatus[] = ["answered", "resolved", "unresolved"];
/** Statuses that end the agency's work on the case (stop the deadline clock). */
export const FINAL_STATUSES: readonly CaseStatus[] = ["answered", "resolved", "unresolved", "not_responsible", "duplicate"];

export type AgencyEventInput =
  /** `cause`: why the case arose, given with a final status (core/close-causes.ts). */
  | { type: "status"; status: CaseStatus; note?: string; cause?: CloseCause }
  | { type: "answer"; text: string; status?: "answered" | "resolved" | "unresolved"; cause?: CloseCause }
  | { type: "referral"; toAgency: string; note?: string }
  | { type: "info_request"; question: string };

/** The agency an event is posted as: the key's own; none for admin keys and the system. */
const postingAgency = (actor: Actor): number | null => (actor.kind === "agency_key" ? actor.agencyId : null);

export interface PostedEvent {
  event: EventView;
  caseStatus: CaseStatus;
  /** True when this event_id was posted before: nothing changed and the first result is returned. */
  duplicate: boolean;
}

/** The case by tracking code if the actor may read it (or, with action "write", change it); null otherwise. */
export async function caseVisibleTo(db: Db, code: string, actor: Actor, action: Action = "read") {
  const [row] = await db.select().from(cases).where(and(eq(cases.trackingCode, code), scopeCondition(actor, "case", action)));
  return row ?? null;
}

/**
 * Posts an agency's event on a case (status change, answer, referral, request for information),
 * idempotent by the agency's own event id. Throws DomainError: case_not_found, invalid_status,
 * unknown_agency, same_agency, case_closed.
 */
export async function postAgencyEvent(
  db: Db,
  o: { code: string; actor: Actor; eventId: string; input: AgencyEventInput; holidays?: ReadonlySet<string> },
): Promise<PostedEvent> {
  return db.transaction(async (tx) => {
    await requireDurableCommit(tx);
    const c = await caseVisibleTo(tx, o.code, o.actor, "write");
    if (!c) throw new DomainError("case_not_found", `No case ${o.code} is visible to this key.`);
    // The admin's events are keyed under the agency the case was first filed with: stable across
    // referrals, so an admin repeating an event_id after a referral still has one effect.
    const keyAgency = postingAgency(o.actor) ?? c.originalAgencyId ?? c.agencyId;
    const [earlier] = await tx
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.agencyId, keyAgency), eq(caseEvents.externalId, o.eventId)));
    if (earlier) {
      if (earlier.caseId !== c.id) throw new DomainError("event_id_reused", `event_id ${o.eventId} was already used on another case.`);
      return { event: toEventView(earlier, null), caseStatus: c.status as CaseStatus, duplicate: true };
    }

    const input = o.input;
    let status: CaseStatus | null = null;
    let note: string | null = null;
    const caseUpdate: Partial<typeof cases.$inferInsert> = {};
    let eventAgencyId = keyAgency;
    if (input.type === "status") {
      if (!(AGENCY_SETTABLE_STATUSES as readonly string[]).includes(input.status)) {
        throw new DomainError("invalid_status", `Status ${input.status} cannot be set directly; use one of ${AGENCY_SETTABLE_STATUSES.join(", ")}.`);
      }
      status = input.status;
      note = input.note ?? null;
    } else if (input.type === "answer") {
      status = input.status ?? "answered";
      note = input.text;
      caseUpdate.awaitingInfo = false;
    } else if (input.type === "referral") {
      const [target] = await tx.select().from(agencies).where(and(eq(agencies.code, input.toAgency), eq(agencies.active, true)));
      if (!target) throw new DomainError("unknown_agency", `No active agency with code ${input.toAgency}.`);
      if (target.id === c.agencyId) throw new DomainError("same_agency", "The case is already with that agency.");
      status = "referred";
      note = input.note ?? null;
      caseUpdate.agencyId = target.id;
      caseUpdate.originalAgencyId = c.originalAgencyId ?? c.agencyId;
      caseUpdate.expectedAt = addWorkingDays(new Date(), target.slaDays, o.holidays);
      caseUpdate.awaitingInfo = false;
      caseUpdate.closedAt = null;
      eventAgencyId = keyAgency;
    } else {
      note = input.question;
      caseUpdate.awaitingInfo = true;
    }
    if (status) {
      caseUpdate.status = status;
      if ((FINAL_STATUSES as readonly string[]).includes(status)) caseUpdate.closedAt = new Date();
      else if (status !== "referred") caseUpdate.closedAt = null;
    }
    if ((input.type === "status" || input.type === "answer") && input.cause !== undefined) {
      if (!status || !(FINAL_STATUSES as readonly string[]).includes(status)) throw new DomainError("cause_needs_closing", `cause is given with a closing status (${FINAL_STATUSES.join(", ")}), not with ${status}.`);
      caseUpdate.closeCause = input.cause;
    }

    const [inserted] = await tx
      .insert(caseEvents)
      .values({ caseId: c.id, type: input.type, status, note, actor: postingAgency(o.actor) === null ? "admin" : "agency", agencyId: eventAgencyId, externalId: o.eventId })
      .onConflictDoNothing()
      .returning();
    if (!inserted) {
      // Another request with the same event_id won the race; return its result.
      const [raced] = await tx.select().from(caseEvents).where(and(eq(caseEvents.agencyId, keyAgency), eq(caseEvents.externalId, o.eventId)));
      return { event: toEventView(raced, null), caseStatus: c.status as CaseStatus, duplicate: true };
    }
    await tx.update(cases).set({ ...caseUpdate, updatedAt: sql`now()` }).where(eq(cases.id, c.id));
    // Open311 reporters have no chat: their client reads the case through GET requests instead.
    if (c.channel !== "open311") await enqueue(tx, {
      kind: "citizen_message",
      key: `citizen:event:${inserted.id}`,
      orderKey: `user:${c.userId}`,
      caseId: c.id,
      payload: { eventId: inserted.id },
    });
    const [agencyRow] = await tx.select({ code: agencies.code }).from(agencies).where(eq(agencies.id, eventAgencyId));
    return { event: toEventView(inserted, agencyRow?.code ?? null), caseStatus: (status ?? c.status) as CaseStatus, duplicate: false };
  });
}

export type CitizenEventType = "followup" | "info_provided" | "objection";

const webhookFor: Record<CitizenEventType, "case.followup" | "case.info_provided" | "case.objection"> = {
  followup: "case.followup",
  info_provided: "case.info_provided",
  objection: "case.objection",
};

/**
 * Adds a citizen's message to their own case (follow-up, the information the agency asked for, or an
 * objection, which reopens the case) and queues the agency's webhook. Throws case_not_found for a case
 * that is not the citizen's.
 */
export async function postCitizenEvent(db: Db, o: { caseId: number; userId: number; type: CitizenEventType; text: string; holidays?: ReadonlySet<string> }): Promise<EventView> {
  return db.transaction(async (tx) => {
    await requireDurableCommit(tx);
    const [c] = await tx.select().from(cases).where(and(eq(cases.id, o.caseId), eq(cases.userId, o.userId)));
    if (!c) throw new DomainError("case_not_found", "No such case of this citizen.");
    const reopen = o.type === "objection";
    const [event] = await tx
      .insert(caseEvents)
      .values({ caseId: c.id, type: o.type, status: reopen ? "reopened" : null, note: o.text, actor: "citizen" })
      .returning();
    const update: Partial<typeof cases.$inferInsert> = {};
    if (o.type === "info_provided") update.awaitingInfo = false;
    if (reopen) {
      const [agency] = await tx.select({ slaDays: agencies.slaDays }).from(agencies).where(eq(agencies.id, c.agencyId));
      Object.assign(update, { status: "reopened", closedAt: null, expectedAt: addWorkingDays(new Date(), agency?.slaDays ?? 10, o.holidays) });
    }
    await tx.update(cases).set({ ...update, updatedAt: sql`now()` }).where(eq(cases.id, c.id));
    const view = toEventView(event, null);
    await notifyAgency(tx, c.id, webhookFor[o.type], `event:${event.id}`, { event: view });
    return view;
  });
}
