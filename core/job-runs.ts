import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { jobRuns } from "../db/schema.ts";

// The run coordinator of scheduled work (cron/): one row per job and slot. Whoever inserts the row runs the
// slot, so it runs once however many instances look at it. A claim is a lease (lease_until, compared with
// the database's clock, never an instance's): while it holds, nobody else takes the slot; when it lapses
// unfinished (the instance died, or the run failed and waits for its retry) the slot may be taken again.
// Each statement is one round trip and never waits on a lock held for long.

export type JobRun = typeof jobRuns.$inferSelect;

export interface SlotKey {
  job: string;
  slot: string;
}

export interface ClaimRequest extends SlotKey {
  dueAt: Date;
  instanceId: string;
  leaseMs: number;
  /**
   * scheduled: a slot nobody holds (new, or unfinished with its lease lapsed). startup: also one this
   * instance held unfinished before it restarted (under the same INSTANCE_ID it cannot still be running).
   * manual (the CLI): any slot that is not running and has not run to the end; with `force` also one that has.
   */
  mode: "scheduled" | "startup" | "manual";
  force?: boolean;
}

const lapsed = sql`(${jobRuns.leaseUntil} is null or ${jobRuns.leaseUntil} <= now())`;
const lease = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000})`;

/** Claims a slot for this instance; when it is not free, returns the row that holds it. */
export async function claimJobRun(db: Db, r: ClaimRequest): Promise<{ claimed: true; run: JobRun } | { claimed: false; run: JobRun | null }> {
  const unfinished = isNull(jobRuns.finishedAt);
  const takeable =
    r.mode === "manual"
      ? and(or(sql`${jobRuns.finishedAt} is not null`, lapsed), r.force ? undefined : sql`${jobRuns.outcome} is distinct from 'done'`)
      : r.mode === "startup"
        ? and(unfinished, or(lapsed, eq(jobRuns.claimedBy, r.instanceId)))
        : and(unfinished, lapsed);
  // ON CONFLICT DO UPDATE … WHERE rather than a select first: two instances claiming at once are ordered
  // by the row's lock, and the one that finds the slot taken gets no row back.
  const [claimed] = await db
    .insert(jobRuns)
    .values({ job: r.job, slot: r.slot, dueAt: r.dueAt, claimedBy: r.instanceId, startedAt: sql`now()`, leaseUntil: lease(r.leaseMs), attempts: 1 })
    .onConflictDoUpdate({
      target: [jobRuns.job, jobRuns.slot],
      set: { claimedBy: sql`excluded.claimed_by`, startedAt: sql`now()`, leaseUntil: sql`excluded.lease_until`, attempts: sql`${jobRuns.attempts} + 1`, finishedAt: null, outcome: null },
      setWhere: takeable,
    })
    .returning();
  if (claimed) return { claimed: true, run: claimed };
  return { claimed: false, run: await findJobRun(db, r) };
}

export async function findJobRun(db: Db, k: SlotKey): Promise<JobRun | null> {
  const [row] = await db.select().from(jobRuns).where(and(eq(jobRuns.job, k.job), eq(jobRuns.slot, k.slot)));
  return row ?? null;
}

const mine = (k: SlotKey, instanceId: string) => and(eq(jobRuns.job, k.job), eq(jobRuns.slot, k.slot), eq(jobRuns.claimedBy, instanceId), isNull(jobRuns.finishedAt));

/** Extends a running claim; false when the claim was lost (taken over after it lapsed). */
export async function renewJobRun(db: Db, k: SlotKey, instanceId: string, leaseMs: number): Promise<boolean> {
  const rows = await db.update(jobRuns).set({ leaseUntil: lease(leaseMs) }).where(mine(k, instanceId)).returning({ job: jobRuns.job });
  return rows.length > 0;
}

/** Records a finished run and what it did. */
export async function finishJobRun(db: Db, k: SlotKey, instanceId: string, summary: string): Promise<void> {
  await db.update(jobRuns).set({ finishedAt: sql`now()`, outcome: "done", summary, error: null, leaseUntil: null }).where(mine(k, instanceId));
}

/**
 * Records a failed attempt: the slot waits `retryInMs` (its lease) and is then taken again by whichever
 * instance looks next; with `giveUp` it is finished as failed and only the CLI runs it again.
 */
export async function failJobRun(db: Db, k: SlotKey, instanceId: string, error: string, o: { retryInMs: number; giveUp: boolean }): Promise<void> {
  const set = o.giveUp ? { finishedAt: sql`now()`, outcome: "failed", leaseUntil: null } : { leaseUntil: lease(o.retryInMs) };
  await db.update(jobRuns).set({ ...set, error: error.slice(0, 2000) }).where(mine(k, instanceId));
}

/**
 * Finishes as skipped the unfinished, unheld runs of a job due before `before`: a slot superseded by a
 * later one (a reminder retried on the next day would repeat that day's reminder).
 */
export async function skipSupersededRuns(db: Db, job: string, before: Date, summary: string): Promise<number> {
  const rows = await db
    .update(jobRuns)
    .set({ finishedAt: sql`now()`, outcome: "skipped", summary, leaseUntil: null })
    .where(and(eq(jobRuns.job, job), lt(jobRuns.dueAt, before), isNull(jobRuns.finishedAt), lapsed))
    .returning({ slot: jobRuns.slot });
  return rows.length;
}

/** A job's runs due after `from`, oldest first. */
export async function jobRunsSince(db: Db, job: string, from: Date): Promise<JobRun[]> {
  return db.select().from(jobRuns).where(and(eq(jobRuns.job, job), gt(jobRuns.dueAt, from))).orderBy(jobRuns.dueAt);
}

/** A job's latest run (by when its slot fell due), or null. */
export async function latestJobRun(db: Db, job: string): Promise<JobRun | null> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.dueAt)).limit(1);
  return row ?? null;
}
