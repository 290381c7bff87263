import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { requireDurableCommit } from "../db/durability.ts";
import { cases, outbox, surveys } from "../db/schema.ts";
import { notifyAgency } from "./agency-notify.ts";
import { postCitizenEvent } from "./case-events.ts";
import type { CaseStatus } from "./case-kinds.ts";
import { toSurveyView } from "./case-views.ts";
import { enqueue, type NewOutboxItem } from "./outbox.ts";

// The satisfaction survey (SPEC §1): asked once when a case is answered or closed, reminded once,
// answered once; a "no" lets the citizen object, which reopens the case.

export type Survey = typeof surveys.$inferSelect;
export const SURVEY_ANSWERS = ["yes", "no", "unknown"] as const;
export type SurveyAnswer = (typeof SURVEY_ANSWERS)[number];
export const isSurveyAnswer = (v: unknown): v is SurveyAnswer => typeof v === "string" && (SURVEY_ANSWERS as readonly string[]).includes(v);

/** How long after the question the one reminder goes out (when the survey is still unanswered). */
export const SURVEY_REMINDER_MS = 24 * 60 * 60 * 1000;

/** What a citizen_message outbox item about a survey carries. */
export type SurveyMessagePayload = { type: "survey" | "survey_reminder"; surveyId: number };

/**
 * Like enqueue, but the item is due only after `delayMs`. Give it an order key of its own: a pending
 * item holds back every newer item with its order key, so a reminder keyed like the citizen's other
 * messages would hold them all until it is due.
 */
export async function enqueueLater(db: Db, item: NewOutboxItem, delayMs: number): Promise<void> {
  await db
    .insert(outbox)
    .values({ ...item, nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})` })
    .onConflictDoNothing({ target: outbox.key });
}

/**
 * Creates the survey of a case and queues its question to the citizen (after their earlier messages)
 * and one reminder `reminderDelayMs` later; null when the case already has a survey (one per case).
 */
export async function openSurvey(db: Db, o: { caseId: number; userId: number; reminderDelayMs?: number }): Promise<Survey | null> {
  const [row] = await db.insert(surveys).values({ caseId: o.caseId }).onConflictDoNothing({ target: surveys.caseId }).returning();
  if (!row) return null;
  const ask: SurveyMessagePayload = { type: "survey", surveyId: row.id };
  await enqueue(db, { kind: "citizen_message", key: `citizen:survey:${row.id}`, orderKey: `user:${o.userId}`, caseId: o.caseId, payload: ask });
  const remind: SurveyMessagePayload = { type: "survey_reminder", surveyId: row.id };
  await enqueueLater(
    db,
    { kind: "citizen_message", key: `citizen:survey-reminder:${row.id}`, orderKey: `survey-reminder:${row.id}`, caseId: o.caseId, payload: remind },
    o.reminderDelayMs ?? SURVEY_REMINDER_MS,
  );
  return row;
}

export async function getSurvey(db: Db, surveyId: number): Promise<Survey | null> {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, surveyId));
  return row ?? null;
}

/** Notes that the reminder went out (the outbox key already makes it one reminder). */
export async function markSurveyReminded(db: Db, surveyId: number): Promise<void> {
  await db.update(surveys).set({ remindedAt: sql`now()` }).where(eq(surveys.id, surveyId));
}

export interface OwnSurvey {
  caseId: number;
  trackingCode: string;
  caseStatus: CaseStatus;
  survey: Survey | null;
}

/** A citizen's own case by tracking code with its survey; null for an unknown code or someone else's case. */
export async function findOwnSurvey(db: Db, userId: number, trackingCode: string): Promise<OwnSurvey | null> {
  const [row] = await db
    .select({ caseId: cases.id, trackingCode: cases.trackingCode, caseStatus: cases.status, survey: surveys })
    .from(cases)
    .leftJoin(surveys, eq(surveys.caseId, cases.id))
    .where(and(eq(cases.trackingCode, trackingCode), eq(cases.userId, userId)));
  if (!row) return null;
  return { caseId: row.caseId, trackingCode: row.trackingCode, caseStatus: row.caseStatus as CaseStatus, survey: row.survey };
}

/** May the citizen still object to the answer? Only after answering "no", once. */
export const mayObject = (s: Survey | null): boolean => !!s && s.answeredAt !== null && s.solved === "no" && !s.objected;

/**
 * Saves the citizen's answer and queues survey.answered for the agency in the same transaction.
 * Null when the survey was already answered (or is not the citizen's): one answer per survey.
 */
export async function answerSurvey(
  db: Db,
  o: { surveyId: number; userId: number; solved: SurveyAnswer; rating: number; comment: string | null },
): Promise<Survey | null> {
  if (!Number.isInteger(o.rating) || o.rating < 1 || o.rating > 5) throw new RangeError(`rating ${o.rating} is not 1–5`);
  return db.transaction(async (tx) => {
    await requireDurableCommit(tx);
    const [row] = await tx
      .update(surveys)
      .set({ solved: o.solved, rating: o.rating, comment: o.comment, answeredAt: sql`now()` })
      .where(and(eq(surveys.id, o.surveyId), isNull(surveys.answeredAt), sql`${surveys.caseId} in (select id from cases where user_id = ${o.userId})`))
      .returning();
    if (!row) return null;
    await notifyAgency(tx, row.caseId, "survey.answered", `survey:${row.id}`, { survey: toSurveyView(row) });
    return row;
  });
}

/**
 * The citizen objects (اعتراض) to the answer after saying it did not solve the problem: the survey is
 * marked, the case reopened and the agency notified (case.objection). False when not allowed or done before.
 */
export async function objectToAnswer(db: Db, o: { surveyId: number; userId: number; text: string; holidays?: ReadonlySet<string> }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(surveys)
      .set({ objected: true })
      .where(
        and(
          eq(surveys.id, o.surveyId),
          isNotNull(surveys.answeredAt),
          eq(surveys.solved, "no"),
          eq(surveys.objected, false),
          sql`${surveys.caseId} in (select id from cases where user_id = ${o.userId})`,
        ),
      )
      .returning();
    if (!row) return false;
    await postCitizenEvent(tx, { caseId: row.caseId, userId: o.userId, type: "objection", text: o.text, holidays: o.holidays });
    return true;
  });
}
