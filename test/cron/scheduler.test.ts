import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "../../db/client.ts";
import { jobRuns } from "../../db/schema.ts";
import { MAX_ATTEMPTS } from "../../cron/run-slot.ts";
import { recordingJob, schedulerOn, tehran, type TestClock } from "../support/cron.ts";
import { resetUserData, testDatabase, testDatabaseUrl } from "../support/database.ts";

// The run coordinator and the scheduler: each slot runs once however many instances look at once, missed
// slots after downtime run as the job's catch-up says, a crashed or failed run is taken again, a stopping
// instance frees what it was running.

let database: Database;
let db: Db;
/** On PostgreSQL a second connection pool on the same database, as a second instance has; on PGlite the same one. */
let other: Database | undefined;
let db2: Db;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  const url = testDatabaseUrl();
  if (url) other = await openDatabase({ databaseUrl: url, dataDir: "" });
  db2 = other?.db ?? db;
});
afterAll(async () => {
  await other?.close();
});
beforeEach(() => resetUserData(database));

const runsOf = (job: string) => db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(jobRuns.dueAt);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** As if the retry wait (or a dead instance's lease) had run out. */
const lapse = (job: string) => db.update(jobRuns).set({ leaseUntil: sql`now() - interval '1 second'` }).where(eq(jobRuns.job, job));

describe("two instances on one database", () => {
  it("run each due slot exactly once when they look at the same moment, again and again", async () => {
    const every = recordingJob("race-every", "every", { work: () => sleep(15) });
    const latest = recordingJob("race-latest", "latest", { work: () => sleep(15) });
    const clock: TestClock = { now: tehran("1405-09-28 10:30") };
    const instances = [schedulerOn(db, clock, [every, latest], "a"), schedulerOn(db2, clock, [every, latest], "b"), schedulerOn(db, clock, [every, latest], "c"), schedulerOn(db2, clock, [every, latest], "d")];
    for (let round = 0; round < 3; round++) await Promise.all(instances.flatMap((s) => [s.runDue(), s.runDue()]));

    // The last seven days' slots (the lookback window) ran once each; the latest-only job ran today's.
    expect(every.ran.sort()).toEqual(["1405-09-22", "1405-09-23", "1405-09-24", "1405-09-25", "1405-09-26", "1405-09-27", "1405-09-28"]);
    expect(latest.ran).toEqual(["1405-09-28"]);
    const rows = await runsOf("race-every");
    expect(rows.map((r) => [r.slot, r.outcome, r.attempts])).toEqual(every.ran.map((s) => [s, "done", 1]));
    expect(rows.every((r) => ["a", "b", "c", "d"].includes(r.claimedBy!))).toBe(true);
  });
});

describe("catching up after downtime", () => {
  it("runs each missed daily slot once for an every-slot job, only the latest for a latest-only job, and nothing more on the next look", async () => {
    const every = recordingJob("catch-every", "every");
    const latest = recordingJob("catch-latest", "latest");
    const clock: TestClock = { now: tehran("1405-09-25 10:05") };
    await schedulerOn(db, clock, [every, latest]).runDue();
    every.ran.length = 0;
    latest.ran.length = 0;

    // Down from 25 Azar 10:05 to 28 Azar 10:30; a fresh process (a restart) looks.
    clock.now = tehran("1405-09-28 10:30");
    const restarted = schedulerOn(db, clock, [every, latest]);
    const reports = await restarted.runDue({ startup: true });
    expect(every.ran).toEqual(["1405-09-26", "1405-09-27", "1405-09-28"]);
    expect(latest.ran).toEqual(["1405-09-28"]);
    expect(reports.filter((r) => r.job === "catch-latest")).toEqual([{ job: "catch-latest", slot: "1405-09-28", outcome: "done", summary: "ran 1405-09-28" }]);
    // The latest-only job's missed days were passed over, not recorded as run.
    expect((await runsOf("catch-latest")).map((r) => r.slot)).toEqual(["1405-09-25", "1405-09-28"]);

    await restarted.runDue();
    clock.now = tehran("1405-09-28 23:00");
    await restarted.runDue();
    expect(every.ran).toHaveLength(3);
    expect(latest.ran).toHaveLength(1);
  });

  it("does not reach back past the job's lookback window", async () => {
    const every = recordingJob("short-memory", "every", { lookbackDays: 2 });
    await schedulerOn(db, { now: tehran("1405-09-28 10:30") }, [every]).runDue();
    expect(every.ran).toEqual(["1405-09-27", "1405-09-28"]);
  });
});

describe("a run that did not finish", () => {
  const slot = "1405-09-28";
  const claimedBy = (instance: string, leaseSql: string) =>
    db.insert(jobRuns).values({ job: "crashy", slot, dueAt: tehran("1405-09-28 10:00"), claimedBy: instance, startedAt: sql`now()`, leaseUntil: sql.raw(leaseSql), attempts: 1 });

  it("is taken over by another instance once its lease has lapsed, and run once", async () => {
    const job = recordingJob("crashy", "latest");
    await claimedBy("dead-instance", "now() + interval '5 minutes'");
    const b = schedulerOn(db2, { now: tehran("1405-09-28 10:30") }, [job], "b");
    await b.runDue();
    expect(job.ran).toEqual([]); // the lease still holds: it may be running

    await lapse("crashy");
    await b.runDue();
    await b.runDue();
    expect(job.ran).toEqual([slot]);
    expect(await runsOf("crashy")).toMatchObject([{ slot, claimedBy: "b", outcome: "done", attempts: 2 }]);
  });

  it("is taken back at once by its own instance restarting under the same INSTANCE_ID, not by a look of the running process", async () => {
    const job = recordingJob("crashy", "latest");
    await claimedBy("a", "now() + interval '5 minutes'");
    const clock = { now: tehran("1405-09-28 10:30") };
    await schedulerOn(db, clock, [job], "a").runDue();
    expect(job.ran).toEqual([]);
    await schedulerOn(db, clock, [job], "a").runDue({ startup: true });
    expect(job.ran).toEqual([slot]);
  });

  it("of an older slot is superseded by the newest for a latest-only job, not run late", async () => {
    const job = recordingJob("crashy", "latest");
    await db.insert(jobRuns).values({ job: "crashy", slot: "1405-09-26", dueAt: tehran("1405-09-26 10:00"), claimedBy: "dead", startedAt: sql`now()`, leaseUntil: sql`now() - interval '1 minute'`, attempts: 1 });
    await schedulerOn(db, { now: tehran("1405-09-28 10:30") }, [job]).runDue();
    expect(job.ran).toEqual(["1405-09-28"]);
    expect((await runsOf("crashy")).map((r) => [r.slot, r.outcome])).toEqual([["1405-09-26", "skipped"], ["1405-09-28", "done"]]);
  });
});

describe("a job that fails", () => {
  it("is retried after a wait, and succeeds on the retry", async () => {
    let attempts = 0;
    const job = recordingJob("flaky", "latest", {
      work: async () => {
        if (++attempts === 1) throw new Error("database went away");
      },
    });
    const a = schedulerOn(db, { now: tehran("1405-09-28 10:30") }, [job]);
    expect(await a.runDue()).toEqual([{ job: "flaky", slot: "1405-09-28", outcome: "failed", error: "database went away" }]);
    const [failed] = await runsOf("flaky");
    expect(failed).toMatchObject({ outcome: null, finishedAt: null, error: "database went away", attempts: 1 });
    expect(failed.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000); // waits about a minute

    await a.runDue();
    expect(attempts).toBe(1);
    await lapse("flaky");
    await a.runDue();
    expect(job.ran).toEqual(["1405-09-28"]);
    expect(await runsOf("flaky")).toMatchObject([{ outcome: "done", error: null, attempts: 2 }]);
  });

  it(`is given up after ${MAX_ATTEMPTS} attempts and not run again by the scheduler`, async () => {
    let attempts = 0;
    const job = recordingJob("broken", "every", {
      lookbackDays: 1,
      work: async () => {
        attempts++;
        throw new Error("bug");
      },
    });
    const a = schedulerOn(db, { now: tehran("1405-09-28 10:30") }, [job]);
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await a.runDue();
      await lapse("broken");
    }
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect(await runsOf("broken")).toMatchObject([{ slot: "1405-09-28", outcome: "failed", error: "bug", attempts: MAX_ATTEMPTS }]);
  });
});

describe("starting and stopping", () => {
  it("catches up at start without waiting, and a stop frees the slot it interrupted for the next instance at once", async () => {
    const job = recordingJob("long", "latest", {
      work: async (_slot, signal) => {
        await new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
        if (signal?.aborted) throw new Error("stopped between two batches");
      },
    });
    const clock = { now: tehran("1405-09-28 10:30") };
    const a = schedulerOn(db, clock, [job], "a");
    a.start();
    await expect.poll(async () => (await runsOf("long")).length).toBe(1); // claimed, running
    await a.stop();
    const [row] = await runsOf("long");
    expect(row).toMatchObject({ claimedBy: "a", outcome: null, error: "stopped between two batches" });
    expect(await a.runDue()).toEqual([]); // stopped for good

    const done = recordingJob("long", "latest");
    await schedulerOn(db2, clock, [done], "b").runDue();
    expect(done.ran).toEqual(["1405-09-28"]);
    expect(await db.select().from(jobRuns).where(and(eq(jobRuns.job, "long"), eq(jobRuns.outcome, "done")))).toHaveLength(1);
  });
});
