import { addMonths, monthLabel, monthName, tehranJalaliDay } from "../core/jalali-calendar.ts";
import { lateCountiesByProvince } from "../core/report-reminders.ts";
import { noticeStaff, usersWithRole } from "../core/staff-notices.ts";
import { DAY_MS, type Job } from "./job.ts";
import { countParam, counted, monthParam, namedParam, namesParam, SYSTEM } from "./notice-params.ts";

// On the first day of each Jalali month, the provincial representatives hear which of their counties did
// not send the month that has just ended (SPEC §3: the representative follows up late reports). Each month
// is its own fact, so after downtime every missed month in the window is escalated, oldest first.

const NAME = "monthly-report-escalation";

export const monthlyReportEscalation: Job = {
  name: NAME,
  scheduleInWords: "on the 1st of each Jalali month at 09:00, about the month that ended; after downtime every missed month of the last 45 days",
  cron: "0 9 * * *",
  onDays: (d) => d.jd === 1,
  // Named after the month it is about, not the day it runs.
  slotName: (dueAt) => monthLabel(addMonths(tehranJalaliDay(dueAt), -1)),
  catchUp: "every",
  lookbackMs: 45 * DAY_MS,
  async run(env, slot) {
    const month = addMonths(tehranJalaliDay(slot.dueAt), -1);
    const late = await lateCountiesByProvince(env.db, SYSTEM, month);
    let told = 0;
    await env.db.transaction(async (tx) => {
      for (const p of late) {
        const representatives = await usersWithRole(tx, "provincial", p.provinceId);
        told += representatives.length;
        await noticeStaff(
          tx,
          representatives,
          {
            key: "notice-monthly-reports-late",
            params: { month: monthParam(month), province: namedParam(p.province), late: countParam(p.late.length), staffed: countParam(p.staffed), counties: namesParam(p.late.map((c) => c.name)) },
          },
          `cron:${NAME}:${slot.name}`,
        );
      }
    });
    const counties = late.reduce((n, p) => n + p.late.length, 0);
    if (counties === 0) return `no county with an assistant is late with its ${monthName(month, "en")} report`;
    return `${counted(counties, "county", "counties")} in ${counted(late.length, "province")} late with ${monthName(month, "en")}; told ${counted(told, "provincial representative")}`;
  },
};
