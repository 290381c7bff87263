import { dayLabel, monthLength, monthName, monthRange, tehranJalaliDay } from "../core/jalali-calendar.ts";
import { assistantsOwingMonthlyReport } from "../core/report-reminders.ts";
import { noticeStaff } from "../core/staff-notices.ts";
import { DAY_MS, type Job } from "./job.ts";
import { countParam, counted, monthParam, namedParam, SYSTEM } from "./notice-params.ts";

// From the 25th of each Jalali month to its last day, every morning, the assistants whose county has not
// sent the month's report get a reminder (SPEC §4). After downtime only the latest day's runs: three
// reminders at once about the same report would say nothing more than one. A day whose month has ended is
// passed over, since then the month is late and the province is told instead (monthly-report-escalation).

/** The first day of the month that reminds. */
export const REMIND_FROM_DAY = 25;

const NAME = "monthly-report-reminders";

export const monthlyReportReminders: Job = {
  name: NAME,
  scheduleInWords: `daily at 10:00 from the ${REMIND_FROM_DAY}th of each Jalali month to its last day; after downtime only the latest day, within the month`,
  cron: "0 10 * * *",
  onDays: (d) => d.jd >= REMIND_FROM_DAY,
  slotName: (dueAt) => dayLabel(tehranJalaliDay(dueAt)),
  catchUp: "latest",
  lookbackMs: 7 * DAY_MS,
  expiresAt: (dueAt) => monthRange(tehranJalaliDay(dueAt)).to,
  async run(env, slot) {
    const day = tehranJalaliDay(slot.dueAt);
    const month = { jy: day.jy, jm: day.jm };
    const daysLeft = monthLength(month) - day.jd + 1;
    const owing = await assistantsOwingMonthlyReport(env.db, SYSTEM, month);
    await env.db.transaction(async (tx) => {
      for (const a of owing) {
        await noticeStaff(
          tx,
          [a.userId],
          {
            key: daysLeft === 1 ? "notice-monthly-report-due-today" : "notice-monthly-report-due",
            params: { month: monthParam(month), county: namedParam(a.county), state: a.status, days: countParam(daysLeft) },
          },
          `cron:${NAME}:${slot.name}`,
        );
      }
    });
    const counties = new Set(owing.map((a) => a.countyId)).size;
    if (owing.length === 0) return `no assistant owes the ${monthName(month, "en")} report; nobody reminded`;
    return `reminded ${counted(owing.length, "assistant")} in ${counted(counties, "county", "counties")} of the ${monthName(month, "en")} report (${counted(daysLeft, "day")} left)`;
  },
};
