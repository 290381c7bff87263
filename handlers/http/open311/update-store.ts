import { and, asc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { wholeSecondBounds } from "../../../core/open311.ts";
import type { Db } from "../../../db/client.ts";
import { caseEvents, cases } from "../../../db/schema.ts";
import type { Actor } from "../../../core/access.ts";
import { visibleIn } from "./store.ts";

// The database side of servicerequestupdates: a request's updates are the events that change what GET
// requests shows of it — everything the agency posts (status, answer, referral, question) and the
// citizen's objection, which opens the request again. Citizens' own words (follow-ups, answers to a
// question, the objection's text) are not published, as status_notes never shows them either.

const AGENCY_EVENTS = ["status", "answer", "referral", "info_request"];

export interface UpdateRow {
  id: number;
  trackingCode: string;
  type: string;
  /** The event's own status (status, answer, referral, objection), or null. */
  eventStatus: string | null;
  /** The case's status once this event happened. */
  statusAfter: string;
  note: string | null;
  createdAt: Date;
}

/** Updates of the cases the key reads, posted in [from, to] (at whole seconds), oldest first, at most `limit`. */
export async function findUpdates(db: Db, actor: Actor, window: { from: Date; to: Date | null }, limit: number): Promise<UpdateRow[]> {
  const { since, before } = wholeSecondBounds(window.from, window.to);
  const conditions: (SQL | undefined)[] = [
    visibleIn(actor),
    or(and(inArray(caseEvents.type, AGENCY_EVENTS), inArray(caseEvents.actor, ["agency", "admin"])), eq(caseEvents.type, "objection")),
    since ? gte(caseEvents.createdAt, since) : undefined,
    before ? lt(caseEvents.createdAt, before) : undefined,
    // Every event sets its case's updated_at in the same transaction, so a case updated before the window
    // has no event in it: this lets the cases' (agency, updated_at) indexes narrow the search, since
    // case_events has no index on created_at.
    since ? gte(cases.updatedAt, since) : undefined,
  ];
  // The status after an event is the latest status any event of the case set up to it (filing sets the first).
  const statusAfter = sql<string | null>`(
    select e.status from ${caseEvents} e
    where e.case_id = ${caseEvents.caseId} and e.id <= ${caseEvents.id} and e.status is not null
    order by e.id desc limit 1)`;
  const rows = await db
    .select({
      id: caseEvents.id,
      trackingCode: cases.trackingCode,
      type: caseEvents.type,
      eventStatus: caseEvents.status,
      statusAfter,
      caseStatus: cases.status,
      note: caseEvents.note,
      createdAt: caseEvents.createdAt,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(...conditions))
    .orderBy(asc(caseEvents.createdAt), asc(caseEvents.id))
    .limit(limit);
  return rows.map(({ caseStatus, statusAfter: after, ...r }) => ({ ...r, statusAfter: after ?? caseStatus }));
}

export interface CommentTarget {
  caseId: number;
  userId: number;
  channel: string;
  status: string;
}

/** The case a client comments on, if the key reads it; null otherwise (unknown and foreign alike). */
export async function findCommentTarget(db: Db, actor: Actor, trackingCode: string): Promise<CommentTarget | null> {
  const [row] = await db
    .select({ caseId: cases.id, userId: cases.userId, channel: cases.channel, status: cases.status })
    .from(cases)
    .where(and(eq(cases.trackingCode, trackingCode), visibleIn(actor)));
  return row ?? null;
}
