import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";

// Bookkeeping that is only needed for a while, deleted by the daily prune job (cron/prune.ts) in small
// batches, each its own short statement, so no delete holds its locks for long or bloats one transaction.
// Each batch walks an index from the oldest rows, which are the ones to go.

/** How long each kind of row is kept, in days. */
export const RETENTION_DAYS = {
  /**
   * Update ids recorded for exactly-once processing: a platform redelivers an update for at most a day
   * (Telegram keeps unconfirmed updates 24 hours), so a week is ample.
   */
  processedUpdates: 7,
  /** Chat messages sent, dropped (the user blocked the bot) or refused: the record of what went out. */
  chatReplies: 30,
  /**
   * Delivered outbox items (chat notifications, agency webhooks) and their delivery attempts: the delivery
   * log agencies read (GET /v1/webhook-deliveries). Items given up (dead) are kept until someone retries them.
   */
  outbox: 90,
  /**
   * Charts and spreadsheets made to be sent (generated_files): a /stats image is sent within seconds; a
   * delivery's files within its run. Those of a kept quarterly analysis stay with it.
   */
  generatedFiles: 30,
  /**
   * Finished runs of scheduled jobs (job_runs): what ran when, for `hamyar job list` and for operators. A job's
   * runs are kept at least as far back as it looks for missed slots, or a pruned slot would run again.
   */
  jobRuns: 30,
} as const;

export const PRUNE_BATCH = 1000;

const count = (result: unknown) => rowsOf(result).length;

/** Deletes up to `batch` update ids processed before `before`; returns how many. */
export async function pruneProcessedUpdates(db: Db, before: Date, batch = PRUNE_BATCH): Promise<number> {
  return count(
    await db.execute(sql`
      delete from processed_updates where (bot_id, update_id) in (
        select bot_id, update_id from processed_updates where processed_at < ${before.toISOString()}::timestamptz limit ${batch})
      returning 1`),
  );
}

/** Deletes up to `batch` chat messages that were sent, dropped or refused before `before`. */
export async function pruneChatReplies(db: Db, before: Date, batch = PRUNE_BATCH): Promise<number> {
  // By id, oldest first (ids grow with time): the primary key's index finds them without a scan of the
  // recent rows, and the partial indexes of pending rows are untouched.
  return count(
    await db.execute(sql`
      delete from chat_replies where id in (
        select id from chat_replies where state in ('sent', 'dropped', 'failed') and created_at < ${before.toISOString()}::timestamptz order by id limit ${batch})
      returning 1`),
  );
}

/** Deletes up to `batch` outbox items delivered before `before`, with their delivery attempts. */
export async function pruneOutbox(db: Db, before: Date, batch = PRUNE_BATCH): Promise<number> {
  return db.transaction(async (tx) => {
    const doomed = sql`select id from outbox where status = 'done' and done_at < ${before.toISOString()}::timestamptz order by id limit ${batch} for update skip locked`;
    const ids = rowsOf(await tx.execute(doomed)).map((r) => Number(r.id));
    if (ids.length === 0) return 0;
    const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
    await tx.execute(sql`delete from webhook_attempts where outbox_id in (${list})`);
    await tx.execute(sql`delete from outbox where id in (${list})`);
    return ids.length;
  });
}

/** Deletes up to `batch` generated files made before `before`, except those a kept complaint analysis names. */
export async function pruneGeneratedFiles(db: Db, before: Date, batch = PRUNE_BATCH): Promise<number> {
  return count(
    await db.execute(sql`
      delete from generated_files where id in (
        select f.id from generated_files f
        where f.created_at < ${before.toISOString()}::timestamptz
          and not exists (select 1 from complaint_analyses a where a.spreadsheet_file_id = f.id or a.chart_file_ids @> to_jsonb(f.id))
        order by f.created_at limit ${batch})
      returning 1`),
  );
}

/** Deletes up to `batch` finished runs of `job` whose slots fell due before `before` (job_runs_job_due_idx). */
export async function pruneJobRuns(db: Db, job: string, before: Date, batch = PRUNE_BATCH): Promise<number> {
  return count(
    await db.execute(sql`
      delete from job_runs where (job, slot) in (
        select job, slot from job_runs where job = ${job} and due_at < ${before.toISOString()}::timestamptz and outcome is not null order by due_at limit ${batch})
      returning 1`),
  );
}
