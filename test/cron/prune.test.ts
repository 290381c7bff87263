import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PRUNE_BATCH, RETENTION_DAYS } from "../../core/prune.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { chatReplies, complaintAnalyses, generatedFiles, jobRuns, outbox, processedUpdates, webhookAttempts } from "../../db/schema.ts";
import { prune } from "../../cron/prune.ts";
import { quarterlyComplaintAnalysis } from "../../cron/quarterly-complaint-analysis.ts";
import { scheduledAnnouncements } from "../../cron/scheduled-announcements.ts";
import { schedulerOn, tehran } from "../support/cron.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// The nightly prune: old bookkeeping goes, in batches; anything still needed stays.

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
beforeEach(() => resetUserData(database));

const night = tehran("1405-09-28 04:30");
const daysBefore = (days: number) => new Date(night.getTime() - days * 24 * 3_600_000);
const count = async (table: string) => Number(rowsOf(await db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n);

describe("prune", () => {
  it(`deletes processed update ids after ${RETENTION_DAYS.processedUpdates} days, in batches of ${PRUNE_BATCH}`, async () => {
    const old = daysBefore(RETENTION_DAYS.processedUpdates + 1).toISOString();
    // More than two batches' worth.
    await db.execute(sql`insert into processed_updates (bot_id, update_id, processed_at) select 1, g, ${old}::timestamptz from generate_series(1, ${PRUNE_BATCH * 2 + 5}) g`);
    await db.insert(processedUpdates).values({ botId: 1, updateId: 999_999, processedAt: daysBefore(1) });
    const [report] = await schedulerOn(db, { now: night }, [prune]).runDue();
    expect(report.summary).toContain(`deleted ${PRUNE_BATCH * 2 + 5} processed update ids`);
    expect(await db.select({ id: processedUpdates.updateId }).from(processedUpdates)).toEqual([{ id: 999_999 }]);
  });

  it("deletes chat messages sent, dropped or refused long ago, never one still waiting to be sent", async () => {
    const old = daysBefore(RETENTION_DAYS.chatReplies + 1);
    const row = (state: string, createdAt: Date, seq: number) => ({ platform: "telegram", chatId: 5, batch: "u:1", seq, method: "sendMessage", payload: { text: state }, state, createdAt });
    await db.insert(chatReplies).values([row("sent", old, 0), row("dropped", old, 1), row("failed", old, 2), row("pending", old, 3), row("sent", daysBefore(1), 4)]);
    await schedulerOn(db, { now: night }, [prune]).runDue();
    const left = await db.select({ state: chatReplies.state, seq: chatReplies.seq }).from(chatReplies).orderBy(chatReplies.seq);
    expect(left).toEqual([{ state: "pending", seq: 3 }, { state: "sent", seq: 4 }]);
  });

  it("deletes outbox items delivered long ago with their delivery attempts; pending and given-up items stay", async () => {
    const old = daysBefore(RETENTION_DAYS.outbox + 1);
    const item = (key: string, status: string, doneAt: Date | null) => ({ kind: "agency_webhook", key, orderKey: "case:1", event: "case.created", payload: {}, status, doneAt, createdAt: old });
    const [done, pending, dead, recent] = await db.insert(outbox).values([item("done-old", "done", old), item("pending-old", "pending", null), item("dead-old", "dead", null), item("done-recent", "done", daysBefore(3))]).returning();
    await db.insert(webhookAttempts).values([
      { outboxId: done.id, attempt: 1, statusCode: 200, durationMs: 5 },
      { outboxId: recent.id, attempt: 1, statusCode: 200, durationMs: 5 },
    ]);
    const [report] = await schedulerOn(db, { now: night }, [prune]).runDue();
    expect(report).toMatchObject({ outcome: "done", summary: "deleted 0 processed update ids, 0 chat messages, 1 outbox items, 0 dashboard links and sessions, 0 generated files, 0 job runs" });
    expect((await db.select({ id: outbox.id }).from(outbox).orderBy(outbox.id)).map((r) => r.id)).toEqual([pending.id, dead.id, recent.id]);
    expect(await db.select({ outboxId: webhookAttempts.outboxId }).from(webhookAttempts)).toEqual([{ outboxId: recent.id }]);
    expect(await count("job_runs")).toBe(1);
  });

  it("deletes charts and spreadsheets made long ago, except the files of a kept quarterly analysis", async () => {
    const old = daysBefore(RETENTION_DAYS.generatedFiles + 1);
    const file = (name: string, createdAt: Date) => ({ fileName: name, mimeType: "image/png", content: Buffer.from(name), createdAt });
    const [, chart, sheet, recent] = await db.insert(generatedFiles).values([file("stats.png", old), file("chart.png", old), file("sheet.xlsx", old), file("new.png", daysBefore(2))]).returning();
    await db.insert(complaintAnalyses).values({ period: "1405-Q2", scopeKey: "system", figures: {}, narrative: "…", chartFileIds: [chart.id], spreadsheetFileId: sheet.id });
    const [report] = await schedulerOn(db, { now: night }, [prune]).runDue();
    expect(report.summary).toContain("1 generated files");
    expect((await db.select({ id: generatedFiles.id }).from(generatedFiles).orderBy(generatedFiles.id)).map((r) => r.id)).toEqual([chart.id, sheet.id, recent.id]);
  });

  it(`deletes finished job runs after ${RETENTION_DAYS.jobRuns} days, but never one a job still looks back on for missed slots`, async () => {
    const run = (job: string, slot: string, days: number, outcome: string | null) => ({ job, slot, dueAt: daysBefore(days), outcome, finishedAt: outcome ? daysBefore(days) : null });
    await db.insert(jobRuns).values([
      // The every-minute job: a run a month and a day old goes; a newer one and one never finished stay.
      run(scheduledAnnouncements.name, "old", RETENTION_DAYS.jobRuns + 1, "done"),
      run(scheduledAnnouncements.name, "recent", RETENTION_DAYS.jobRuns - 1, "done"),
      run(scheduledAnnouncements.name, "stuck", RETENTION_DAYS.jobRuns + 10, null),
      // The quarterly analysis looks 120 days back: a quarter-old run stays (else it would run again), an older one goes.
      run(quarterlyComplaintAnalysis.name, "1405-Q1", 100, "done"),
      run(quarterlyComplaintAnalysis.name, "1404-Q4", 130, "done"),
      // A job this instance does not schedule is not its to judge.
      run("retired-job", "1404-01", 400, "done"),
    ]);
    const scheduler = schedulerOn(db, { now: night }, [prune, scheduledAnnouncements, quarterlyComplaintAnalysis]);
    const [report] = await scheduler.runDue({ jobs: [prune] });
    expect(report.summary).toContain(", 2 job runs");
    const left = await db.select({ job: jobRuns.job, slot: jobRuns.slot }).from(jobRuns).orderBy(jobRuns.job, jobRuns.slot);
    expect(left.filter((r) => r.job !== prune.name)).toEqual([
      { job: quarterlyComplaintAnalysis.name, slot: "1405-Q1" },
      { job: "retired-job", slot: "1404-01" },
      { job: scheduledAnnouncements.name, slot: "recent" },
      { job: scheduledAnnouncements.name, slot: "stuck" },
    ]);
  });
});
