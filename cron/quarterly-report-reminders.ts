import { DAY_MS, type Job } from "./job.ts";
import { dayLabel, monthLength, quarterOf, tehranJalaliDay, type JalaliDay } from "../core/jalali-calendar.ts";
import { quarterName, type JalaliQuarter } from "../core/quarterly-reports.ts";
import { representativesOwingQuarterlyReport } from "../core/report-reminders.ts";
import { noticeStaff } from "../core/staff-notices.ts";
import { countParam, counted, namedParam, SYSTEM } from "./notice-params.ts";

// Provincial representatives whose province has not sent its quarterly report are reminded once near the
// quarter's end and a few times after it (the report is drafted from the counties' monthly reports, so it
// is mostly written in the days after the quarter ends; a representative may write it during the whole
// next quarter). After downtime only the latest reminder runs, and not once it is days old.

/** Day of the quarter's last month that reminds before the end. */
const BEFORE_END_DAY = 25;
/** Days of the next quarter's first month that remind while the report is still missing. */
const AFTER_END_DAYS = [1, 5, 10, 20];

const isLastMonth = (jm: number) => jm % 3 === 0;

/** The quarter a reminder day is about: the one ending (its last month), or the one just ended. */
function quarterAbout(d: JalaliDay): JalaliQuarter {
  if (isLastMonth(d.jm)) return { jy: d.jy, quarter: quarterOf(d.jm) };
  const q = quarterOf(d.jm);
  return q === 1 ? { jy: d.jy - 1, quarter: 4 } : { jy: d.jy, quarter: q - 1 };
}

const NAME = "quarterly-report-reminders";

export const quarterlyReportReminders: Job = {
  name: NAME,
  scheduleInWords: `at 10:00 on the ${BEFORE_END_DAY}th of a quarter's last Jalali month and on days ${AFTER_END_DAYS.join(", ")} after it ends; after downtime only the latest, if under 3 days old`,
  cron: "0 10 * * *",
  onDays: (d) => (isLastMonth(d.jm) ? d.jd === BEFORE_END_DAY : d.jm % 3 === 1 && AFTER_END_DAYS.includes(d.jd)),
  slotName: (dueAt) => dayLabel(tehranJalaliDay(dueAt)),
  catchUp: "latest",
  lookbackMs: 15 * DAY_MS,
  expiresAt: (dueAt) => new Date(dueAt.getTime() + 3 * DAY_MS),
  async run(env, slot) {
    const day = tehranJalaliDay(slot.dueAt);
    const q = quarterAbout(day);
    const before = isLastMonth(day.jm);
    const daysLeft = before ? monthLength(day) - day.jd + 1 : 0;
    const owing = await representativesOwingQuarterlyReport(env.db, SYSTEM, q);
    await env.db.transaction(async (tx) => {
      for (const r of owing) {
        await noticeStaff(
          tx,
          [r.userId],
          {
            key: before ? "notice-quarterly-report-due" : "notice-quarterly-report-late",
            params: { quarter: { fa: quarterName(q, "fa"), en: quarterName(q, "en") }, province: namedParam(r.province), days: countParam(daysLeft) },
          },
          `cron:${NAME}:${slot.name}`,
        );
      }
    });
    const which = `the ${quarterName(q, "en")} report`;
    if (owing.length === 0) return `no provincial representative owes ${which}; nobody reminded`;
    return `reminded ${counted(owing.length, "provincial representative")} of ${which} (${before ? `${counted(daysLeft, "day")} left` : "the quarter has ended"})`;
  },
};
