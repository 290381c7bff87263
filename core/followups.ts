import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, caseEvents, cases } from "../db/schema.ts";
import { postCitizenEvent, type CitizenEventType } from "./case-events.ts";
import { toEventView, type EventView } from "./case-views.ts";
import { DomainError } from "./errors.ts";

// A citizen's message on their own case after filing: a follow-up, or the answer to the agency's
// request for more information while the case awaits it.

export interface FollowupTarget {
  caseId: number;
  trackingCode: string;
  subject: string;
  agencyFa: string;
  agencyEn: string;
  /** The agency asked for more information: the citizen's next message answers it (info_provided). */
  awaitingInfo: boolean;
  /** The agency's latest question, when it awaits an answer. */
  question: string | null;
}

/** The citizen's own case by tracking code, ready for a follow-up; null for an unknown or foreign code. */
export async function findFollowupTarget(db: Db, userId: number, trackingCode: string): Promise<FollowupTarget | null> {
  const [c] = await db
    .select({ caseId: cases.id, trackingCode: cases.trackingCode, subject: cases.subject, awaitingInfo: cases.awaitingInfo, agencyFa: agencies.nameFa, agencyEn: agencies.nameEn })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(and(eq(cases.trackingCode, trackingCode), eq(cases.userId, userId)));
  if (!c) return null;
  let question: string | null = null;
  if (c.awaitingInfo) {
    const [q] = await db
      .select({ note: caseEvents.note })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, c.caseId), eq(caseEvents.type, "info_request")))
      .orderBy(desc(caseEvents.id))
      .limit(1);
    question = q?.note ?? null;
  }
  return { ...c, question };
}

/**
 * Records the citizen's message on their case and queues the agency's webhook: info_provided while the
 * agency awaits information (decided now, not when the form opened), a follow-up otherwise.
 */
export async function sendFollowup(
  db: Db,
  o: { caseId: number; userId: number; text: string; holidays?: ReadonlySet<string> },
): Promise<{ type: CitizenEventType; event: EventView }> {
  const [c] = await db
    .select({ awaitingInfo: cases.awaitingInfo })
    .from(cases)
    .where(and(eq(cases.id, o.caseId), eq(cases.userId, o.userId)));
  if (!c) throw new DomainError("case_not_found", "No such case of this citizen.");
  const type: CitizenEventType = c.awaitingInfo ? "info_provided" : "followup";
  const event = await postCitizenEvent(db, { ...o, type });
  return { type, event };
}

/**
 * sendFollowup for a sender that may send the same message twice (an Open311 client retrying after a lost
 * answer), identified by its own key: the first is recorded, a repeat returns it with duplicate: true.
 * The key is kept as the event's external id. Citizen events have no agency, so the unique index on
 * (agency, external id) does not cover them: the case row is locked instead, which serialises two copies
 * arriving together. Throws case_not_found, and key_reused for a key already used on another case.
 */
export async function sendFollowupOnce(
  db: Db,
  o: { caseId: number; userId: number; text: string; key: string; holidays?: ReadonlySet<string> },
): Promise<{ type: CitizenEventType; event: EventView; duplicate: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from ${cases} where ${cases.id} = ${o.caseId} for update`);
    const [earlier] = await tx
      .select()
      .from(caseEvents)
      .where(and(isNull(caseEvents.agencyId), eq(caseEvents.externalId, o.key), eq(caseEvents.actor, "citizen")));
    if (earlier) {
      if (earlier.caseId !== o.caseId) throw new DomainError("key_reused", "This key was already used for a message on another case.");
      return { type: earlier.type as CitizenEventType, event: toEventView(earlier, null), duplicate: true };
    }
    const sent = await sendFollowup(tx, o);
    await tx.update(caseEvents).set({ externalId: o.key }).where(eq(caseEvents.id, sent.event.id));
    return { ...sent, event: { ...sent.event, event_id: o.key }, duplicate: false };
  });
}
