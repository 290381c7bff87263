import { and, asc, desc, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, cases } from "../db/schema.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { notifyAgency } from "./agency-notify.ts";

// Cases past their response deadline (SPEC §1: "a case past it is overdue and escalates"), as API v1 counts
// them (core/deadlines.ts isOverdue: a deadline, not closed, past it). Each missed deadline is escalated
// once: the agency's back-end gets case.overdue and the case is marked with the moment it was escalated as
// of (cases.escalated_at, the run's slot time, which is after the deadline). A deadline set after that — a
// referral to another agency, a reopening — is a new one, escalated when it passes.

/** Open cases whose deadline passed before `at`. */
const overdueAt = (at: Date) => and(isNull(cases.closedAt), lt(cases.expectedAt, at));
const notEscalated = or(isNull(cases.escalatedAt), lt(cases.escalatedAt, cases.expectedAt));

/**
 * Escalates up to `limit` cases that were overdue at `at` and whose deadline has not been escalated: queues
 * case.overdue for each one's agency and marks it, in one transaction. Returns how many; call again until 0.
 */
export async function escalateOverdueCases(db: Db, actor: Actor, at: Date, limit = 200): Promise<number> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: a case being changed right now (an answer arriving) is left to the next batch or day,
    // and two runs at once (the CLI's --force beside the scheduler) take different cases.
    const due = await tx
      .select({ id: cases.id, expectedAt: cases.expectedAt })
      .from(cases)
      .where(and(overdueAt(at), notEscalated, scopeCondition(actor, "case", "write")))
      .orderBy(asc(cases.expectedAt), asc(cases.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const c of due) await notifyAgency(tx, c.id, "case.overdue", `case:${c.id}:${c.expectedAt!.toISOString()}`, {}, at);
    if (due.length) await tx.update(cases).set({ escalatedAt: at }).where(sql`${cases.id} in (${sql.join(due.map((c) => sql`${c.id}`), sql`, `)})`);
    return due.length;
  });
}

export interface OverdueDigest {
  /** Open cases past their deadline at `at`. */
  total: number;
  /** Of them, those whose deadline passed in the day before `at`. */
  lastDay: number;
  /** By agency, most first. */
  byAgency: { agencyId: number; fa: string; en: string; n: number }[];
}

/** The open cases past their deadline at `at`, for the admins' daily digest. */
export async function overdueDigest(db: Db, actor: Actor, at: Date): Promise<OverdueDigest> {
  const dayBefore = new Date(at.getTime() - 24 * 3_600_000);
  const rows = await db
    .select({
      agencyId: agencies.id,
      fa: agencies.nameFa,
      en: agencies.nameEn,
      n: sql<number>`count(*)::int`,
      lastDay: sql<number>`(count(*) filter (where ${gte(cases.expectedAt, dayBefore)}))::int`,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(and(overdueAt(at), scopeCondition(actor, "case", "count")))
    .groupBy(agencies.id, agencies.nameFa, agencies.nameEn)
    .orderBy(desc(sql`count(*)`), asc(agencies.id));
  return {
    total: rows.reduce((n, r) => n + r.n, 0),
    lastDay: rows.reduce((n, r) => n + r.lastDay, 0),
    byAgency: rows.map(({ agencyId, fa, en, n }) => ({ agencyId, fa, en, n })),
  };
}
