import { dayLabel, tehranJalaliDay } from "../core/jalali-calendar.ts";
import { pruneDashboardTokens } from "../core/dashboard-access.ts";
import { PRUNE_BATCH, pruneChatReplies, pruneGeneratedFiles, pruneJobRuns, pruneOutbox, pruneProcessedUpdates, RETENTION_DAYS } from "../core/prune.ts";
import type { Db } from "../db/client.ts";
import { DAY_MS, type Job, type JobEnv } from "./job.ts";

// Every night, bookkeeping past its retention (core/prune.ts RETENTION_DAYS) is deleted in batches. Only
// the latest night runs after downtime: one run deletes everything that is due by then.

type Prune = (db: Db, before: Date, batch: number) => Promise<number>;

/** Deletes batch after batch until one comes back short; stops between two when the process stops. */
async function drain(env: JobEnv, prune: Prune, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await prune(env.db, before, PRUNE_BATCH);
    total += n;
    if (n < PRUNE_BATCH) return total;
    if (env.signal?.aborted) throw new Error(`stopped after deleting ${total} rows`);
  }
}

const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS);

export const prune: Job = {
  name: "prune",
  scheduleInWords: `daily at 04:30: processed update ids after ${RETENTION_DAYS.processedUpdates} days, sent chat messages after ${RETENTION_DAYS.chatReplies}, delivered outbox items after ${RETENTION_DAYS.outbox}, dashboard links and sessions once expired, generated charts and spreadsheets after ${RETENTION_DAYS.generatedFiles} (not those of a kept quarterly analysis), finished job runs after ${RETENTION_DAYS.jobRuns} (or the job's own lookback, if longer)`,
  cron: "30 4 * * *",
  slotName: (dueAt) => dayLabel(tehranJalaliDay(dueAt)),
  catchUp: "latest",
  lookbackMs: 7 * DAY_MS,
  async run(env, slot) {
    const updates = await drain(env, pruneProcessedUpdates, daysBefore(slot.dueAt, RETENTION_DAYS.processedUpdates));
    const replies = await drain(env, pruneChatReplies, daysBefore(slot.dueAt, RETENTION_DAYS.chatReplies));
    const items = await drain(env, pruneOutbox, daysBefore(slot.dueAt, RETENTION_DAYS.outbox));
    const tokens = await drain(env, pruneDashboardTokens, slot.dueAt);
    const files = await drain(env, pruneGeneratedFiles, daysBefore(slot.dueAt, RETENTION_DAYS.generatedFiles));
    let runs = 0;
    // A run inside a job's lookback is what tells the scheduler its slot ran: it stays, whatever the retention.
    for (const job of env.jobs ?? []) {
      const keepMs = Math.max(RETENTION_DAYS.jobRuns * DAY_MS, job.lookbackMs + DAY_MS);
      runs += await drain(env, (db, before, batch) => pruneJobRuns(db, job.name, before, batch), new Date(slot.dueAt.getTime() - keepMs));
    }
    return `deleted ${updates} processed update ids, ${replies} chat messages, ${items} outbox items, ${tokens} dashboard links and sessions, ${files} generated files, ${runs} job runs`;
  },
};
