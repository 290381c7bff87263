import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { monthRange, startOfJalaliDay, tehranTime } from "../../core/jalali-calendar.ts";
import { JOBS } from "../../cron/jobs.ts";
import type { Job } from "../../cron/job.ts";
import { monthlyReportEscalation } from "../../cron/monthly-report-escalation.ts";
import { monthlyReportReminders } from "../../cron/monthly-report-reminders.ts";
import { quarterlyReportReminders } from "../../cron/quarterly-report-reminders.ts";
import { planDue } from "../../cron/scheduler.ts";
import { slotAt, slotsBetween } from "../../cron/slots.ts";

const names = (job: Job, from: Date, to: Date) => slotsBetween(job, from, to).map((s) => s.name);
const month = (jy: number, jm: number) => monthRange({ jy, jm });

describe("the slots of the monthly report reminders", () => {
  it("run from the 25th to the 30th of Esfand in a leap year (1403) and to the 29th in a common year (1404)", () => {
    const leap = month(1403, 12);
    expect(names(monthlyReportReminders, leap.from, leap.to)).toEqual(["1403-12-25", "1403-12-26", "1403-12-27", "1403-12-28", "1403-12-29", "1403-12-30"]);
    const common = month(1404, 12);
    expect(names(monthlyReportReminders, common.from, common.to)).toEqual(["1404-12-25", "1404-12-26", "1404-12-27", "1404-12-28", "1404-12-29"]);
  });

  it("fall due at 10:00 Tehran (06:30 UTC) on the 25th, not a minute before, and not on the 24th", () => {
    const ten = tehranTime({ jy: 1405, jm: 9, jd: 25 }, 10);
    expect(ten.toISOString()).toBe("2026-12-16T06:30:00.000Z");
    const dayBefore = startOfJalaliDay({ jy: 1405, jm: 9, jd: 24 });
    expect(names(monthlyReportReminders, dayBefore, new Date(ten.getTime() - 60_000))).toEqual([]);
    expect(slotsBetween(monthlyReportReminders, dayBefore, ten)).toEqual([{ name: "1405-09-25", dueAt: ten }]);
  });

  it("pass over the last day of a month once Tehran's midnight has come, which is 20:30 UTC the evening before", () => {
    const lastDay = tehranTime({ jy: 1405, jm: 9, jd: 30 }, 10);
    const beforeMidnight = new Date("2026-12-21T20:29:00Z"); // 30 Azar 23:59 in Tehran
    const afterMidnight = new Date("2026-12-21T20:31:00Z"); // 1 Dey 00:01 in Tehran, still 21 December in UTC
    expect(planDue(monthlyReportReminders, beforeMidnight, []).run).toEqual([{ name: "1405-09-30", dueAt: lastDay }]);
    expect(planDue(monthlyReportReminders, afterMidnight, []).run).toEqual([]);
  });
});

describe("the slots of the monthly report escalation", () => {
  it("is named after the month that ended, falling due at 09:00 Tehran on the 1st of the next, across the new year", () => {
    const nowruz = tehranTime({ jy: 1404, jm: 1, jd: 1 }, 9);
    expect(nowruz.toISOString()).toBe("2025-03-21T05:30:00.000Z");
    const esfand = month(1403, 12);
    expect(slotsBetween(monthlyReportEscalation, esfand.from, new Date(nowruz.getTime() - 1000))).toEqual([{ name: "1403-11", dueAt: tehranTime({ jy: 1403, jm: 12, jd: 1 }, 9) }]);
    expect(slotAt(monthlyReportEscalation, nowruz)).toEqual({ name: "1403-12", dueAt: nowruz });
  });

  it("names a day by Tehran's calendar where UTC is still on the day before", () => {
    // A job at 01:00 Tehran: on 1 Dey that is 21:30 UTC on 21 December, which is 30 Azar.
    const night: Job = { ...monthlyReportReminders, cron: "0 1 * * *", onDays: undefined };
    const [slot] = slotsBetween(night, new Date("2026-12-21T12:00:00Z"), new Date("2026-12-21T23:00:00Z"));
    expect(slot.dueAt.toISOString()).toBe("2026-12-21T21:30:00.000Z");
    expect(slot.name).toBe("1405-10-01");
  });
});

describe("the slots of the quarterly report reminders", () => {
  it("fall on the 25th of each quarter's last month and on days 1, 5, 10 and 20 after it, over the year 1405", () => {
    const year = { from: month(1405, 1).from, to: month(1405, 12).to };
    expect(names(quarterlyReportReminders, year.from, year.to)).toEqual([
      "1405-01-01", "1405-01-05", "1405-01-10", "1405-01-20", "1405-03-25",
      "1405-04-01", "1405-04-05", "1405-04-10", "1405-04-20", "1405-06-25",
      "1405-07-01", "1405-07-05", "1405-07-10", "1405-07-20", "1405-09-25",
      "1405-10-01", "1405-10-05", "1405-10-10", "1405-10-20", "1405-12-25",
    ]);
  });
});

describe("every job's schedule", () => {
  const year = { from: month(1405, 1).from, to: month(1405, 12).to };
  for (const job of JOBS) {
    it(`${job.name}: each slot is a tick of its cron expression in Tehran time, and slots are named apart`, () => {
      const task = cron.createTask(job.cron, () => {}, { timezone: "Asia/Tehran" });
      try {
        // An every-minute job is checked over one month (its year is half a million slots), the others over the year.
        const range = job.cron.startsWith("* ") ? month(1405, 9) : year;
        const slots = slotsBetween(job, range.from, range.to);
        expect(slots.length).toBeGreaterThan(0);
        for (const s of slots) expect(task.match(s.dueAt), `${s.name} ${s.dueAt.toISOString()}`).toBe(true);
        expect(new Set(slots.map((s) => s.name)).size).toBe(slots.length);
      } finally {
        void task.destroy();
      }
    });
  }
});
