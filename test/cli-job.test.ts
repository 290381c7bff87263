import { and, eq, like, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client.ts";
import { jobRuns, outbox } from "../db/schema.ts";
import { JOBS } from "../cron/jobs.ts";
import { monthlyReportEscalation } from "../cron/monthly-report-escalation.ts";
import { monthlyReportReminders } from "../cron/monthly-report-reminders.ts";
import { region } from "./http/api-v1-fixtures.ts";
import { cli } from "./support/cli.ts";
import { schedulerOn, tehran } from "./support/cron.ts";
import { resetUserData, testDatabase } from "./support/database.ts";
import { staffMember } from "./support/reports.ts";

// `hamyar job list` and `hamyar job run`: the operator's view of scheduled work, through the same
// coordinator as the app's scheduler. The moments here are in the past (a slot runs once it is due).

let database: Database;
let thr: { provinceId: number; countyIds: number[] };
beforeAll(async () => {
  database = await testDatabase();
  thr = await region(database.db, "THR");
});
beforeEach(() => resetUserData(database));

/** The CLI as the operator runs it at a Tehran moment (by default late in Aban 1405). */
const run = (args: string, now = "1405-08-29 12:00") => cli(database.db, args, { jobs: { instanceId: "cli-test", now: () => tehran(now) } });
const reminders = () => database.db.select().from(outbox).where(like(outbox.key, "notice:cron:monthly-report-reminders:%")).orderBy(outbox.id);

describe("hamyar job run", () => {
  it("runs the slot of the moment once: the assistant gets one reminder; run again it says so and does nothing; --force queues no second reminder", async () => {
    const assistant = await staffMember(database.db, "assistant", { provinceId: thr.provinceId, countyId: thr.countyIds[0] });
    const first = await run("job run monthly-report-reminders --at 1405-08-27");
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toBe("Ran monthly-report-reminders 1405-08-27 (due 1405-08-27 10:00 Tehran): reminded 1 assistant in 1 county of the Aban 1405 report (4 days left).\n");
    expect((await reminders()).map((o) => o.key)).toEqual([`notice:cron:monthly-report-reminders:1405-08-27:${assistant.id}`]);

    const again = await run("job run monthly-report-reminders --at ۱۴۰۵/۰۸/۲۷");
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^monthly-report-reminders 1405-08-27 \(due 1405-08-27 10:00 Tehran\) already ran: 1405-08-27 done 1405-\d\d-\d\d \d\d:\d\d Tehran by cli-test: reminded 1 assistant/);
    expect(again.lastLine).toBe("Nothing done; --force runs it again.");

    const forced = await run("job run monthly-report-reminders --at 1405-08-27 --force");
    expect(forced.code).toBe(0);
    expect(forced.out).toContain("Ran monthly-report-reminders 1405-08-27");
    expect(forced.lastLine).toBe("That was attempt 2 of this slot: what an earlier one queued was not queued twice.");
    expect(await reminders()).toHaveLength(1);

    // A time before 10:00 on the 27th belongs to the 26th's slot, which has not run yet.
    const earlier = await run('job run monthly-report-reminders --at "1405-08-27 09:59"');
    expect(earlier.out).toContain("Ran monthly-report-reminders 1405-08-26 (due 1405-08-26 10:00 Tehran): reminded 1 assistant in 1 county of the Aban 1405 report (5 days left).");
    expect(await reminders()).toHaveLength(2);
  });

  it("finds the slot a moment belongs to from a Jalali date or an ISO time", async () => {
    const jalali = await run("job run quarterly-report-reminders --at 1405-07-21", "1405-07-21 12:00");
    expect(jalali.out).toContain("Ran quarterly-report-reminders 1405-07-20 (due 1405-07-20 10:00 Tehran): no provincial representative owes the Q2 1405 (summer) report; nobody reminded.");
    // Mid-Azar, the escalation's latest slot is Aban's (due 1 Azar 09:00); a minute before that, Mehr's.
    expect((await run("job run monthly-report-escalation --at 1405-09-15", "1405-09-20 12:00")).out).toContain("Ran monthly-report-escalation 1405-08 (due 1405-09-01 09:00 Tehran)");
    await resetUserData(database);
    const iso = await run("job run monthly-report-escalation --at 2026-11-22T05:30:00Z", "1405-09-20 12:00"); // 1 Azar 1405, 09:00 Tehran
    expect(iso.out).toContain("Ran monthly-report-escalation 1405-08 (due 1405-09-01 09:00 Tehran)");
    const justBefore = await run("job run monthly-report-escalation --at 2026-11-22T05:29:00Z", "1405-09-20 12:00");
    expect(justBefore.out).toContain("Ran monthly-report-escalation 1405-07 (due 1405-08-01 09:00 Tehran)");
  });

  it("does not run a slot the scheduler ran, and the scheduler does not run one the CLI ran", async () => {
    await staffMember(database.db, "assistant", { provinceId: thr.provinceId, countyId: thr.countyIds[0] });
    await schedulerOn(database.db, { now: tehran("1405-08-28 10:30") }, [monthlyReportReminders], "app-1").runDue();
    const byHand = await run("job run monthly-report-reminders --at 1405-08-28", "1405-08-28 11:00");
    expect(byHand.out).toContain("already ran: 1405-08-28 done");
    expect(byHand.out).toContain("by app-1");
    expect(await reminders()).toHaveLength(1);

    expect((await run("job run monthly-report-escalation --at 1405-09-01", "1405-09-01 09:10")).out).toContain("Ran monthly-report-escalation 1405-08");
    // The scheduler catches up Mehr's escalation (due 1 Aban, in its window) but leaves Aban's, which the CLI ran.
    const ran = await schedulerOn(database.db, { now: tehran("1405-09-01 09:30") }, [monthlyReportEscalation], "app-1").runDue();
    expect(ran.map((r) => [r.slot, r.outcome])).toEqual([["1405-07", "done"]]);
  });

  it("refuses a slot another instance is running, naming it", async () => {
    await database.db.insert(jobRuns).values({ job: "prune", slot: "1405-08-20", dueAt: tehran("1405-08-20 04:30"), claimedBy: "app-1", startedAt: sql`now()`, leaseUntil: sql`now() + interval '5 minutes'`, attempts: 1 });
    const busy = await run("job run prune --at 1405-08-20");
    expect(busy.code).toBe(1);
    expect(busy.err).toContain("prune 1405-08-20 (due 1405-08-20 04:30 Tehran) is held by another run: 1405-08-20 running by app-1 since");
    const [row] = await database.db.select().from(jobRuns).where(and(eq(jobRuns.job, "prune"), eq(jobRuns.slot, "1405-08-20")));
    expect(row).toMatchObject({ claimedBy: "app-1", attempts: 1, finishedAt: null });
  });

  it("refuses a slot that is not due yet: today's before its hour, or a day to come", async () => {
    const at = (args: string) => cli(database.db, args, { jobs: { instanceId: "cli-test", now: () => tehran("1405-09-25 09:00") } });
    const early = await at("job run monthly-report-reminders --at 1405-09-25");
    expect(early.code).toBe(1);
    expect(early.err).toContain("monthly-report-reminders 1405-09-25 is due at 1405-09-25 10:00 Tehran, not yet: a slot runs once it is due.");
    expect((await at("job run monthly-report-reminders --at 1405-09-26")).err).toContain("--at 1405-09-26 is in the future");
    expect((await at('job run monthly-report-reminders --at "1405-09-25 09:30"')).err).toContain("--at 1405-09-25 09:30 (1405-09-25 09:30 Tehran) is in the future");
    // Without --at: the latest slot due by then, which on the 25th before 10:00 is Aban's last day's, a
    // reminder of a month that has ended: not without --force.
    const stale = await at("job run monthly-report-reminders");
    expect(stale.code).toBe(1);
    expect(stale.err).toContain("monthly-report-reminders 1405-08-30 no longer makes sense since 1405-09-01 00:00 Tehran, and the scheduler passed over it; --force runs it anyway.");
    expect(await database.db.select().from(jobRuns)).toEqual([]);
    expect((await at("job run monthly-report-reminders --force")).out).toContain("Ran monthly-report-reminders 1405-08-30 (due 1405-08-30 10:00 Tehran)");
    expect(await database.db.select({ slot: jobRuns.slot }).from(jobRuns)).toEqual([{ slot: "1405-08-30" }]);
  });

  it("answers mistakes with exit code 1 and what to type instead", async () => {
    const cases: [string, string][] = [
      ["job run", '"job run" needs the name.'],
      ["job run nope", `No job "nope". The jobs: ${JOBS.map((j) => j.name).join(", ")}.`],
      ["job run prune extra", 'Unexpected argument "extra".'],
      ["job run prune --at 2099-01-01", "--at 2099-01-01 is in the future: a slot runs once it is due."],
      ["job run prune --at 1404-12-30", "--at: 1404-12-30 is not a day of the Jalali calendar."],
      ["job run prune --at tomorrow", '--at: "tomorrow" is not a date'],
      ["job run prune --when now", "Unknown option '--when'"],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args).toBe(1);
      expect(r.err, args).toContain(message);
    }
    expect(await database.db.select().from(jobRuns)).toEqual([]);
    // Other commands still take no positional arguments.
    const agency = await run("agency list extra");
    expect(agency.code).toBe(1);
    expect(agency.err).toContain("Unexpected argument 'extra'");
  });
});

describe("hamyar job list", () => {
  it("shows every job with its schedule in words, its last run and its next slot", async () => {
    const before = await run("job list");
    expect(before.code).toBe(0);
    for (const job of JOBS) expect(before.out).toContain(`${job.name}\n  when: ${job.scheduleInWords}\n  last: never ran\n  next: `);

    await run("job run monthly-report-reminders --at 1405-08-27");
    await database.db.insert(jobRuns).values({ job: "prune", slot: "1405-08-20", dueAt: tehran("1405-08-20 04:30"), claimedBy: "app-1", attempts: 5, finishedAt: sql`now()`, outcome: "failed", error: "disk full" });
    const after = await run("job list");
    expect(after.out).toMatch(/monthly-report-reminders\n {2}when: .*\n {2}last: 1405-08-27 done 1405-\d\d-\d\d \d\d:\d\d Tehran by cli-test: no assistant owes the Aban 1405 report; nobody reminded\n/);
    expect(after.out).toContain("prune\n");
    expect(after.out).toContain("last: 1405-08-20 FAILED after 5 attempts (disk full); `hamyar job run` runs it again");
    expect(after.out).toMatch(/monthly-report-escalation\n.*\n.*\n {2}next: \d{4}-\d\d at \d{4}-\d\d-01 09:00 Tehran/);
  });

  it("is in the overview and explains job run's options", async () => {
    const top = await run("--help");
    expect(top.out).toContain("job list");
    expect(top.out).toContain("job run");
    const one = await run("job run --help");
    expect(one.code).toBe(0);
    expect(one.out).toContain("Usage: hamyar job run <name> [--at");
    expect(one.out).toContain("--force");
  });
});
