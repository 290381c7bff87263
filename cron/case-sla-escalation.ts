import { escalateOverdueCases, overdueDigest } from "../core/case-escalation.ts";
import { dayLabel, tehranJalaliDay } from "../core/jalali-calendar.ts";
import { localDigits } from "../core/persian.ts";
import { adminUsers, noticeStaff } from "../core/staff-notices.ts";
import { DAY_MS, type Job } from "./job.ts";
import { countParam, counted, SYSTEM } from "./notice-params.ts";

// Every morning, cases whose response deadline has passed while they are still open escalate (SPEC §1):
// the agency's back-end gets case.overdue, once per missed deadline (core/case-escalation.ts), and the
// admins get a digest of the open overdue cases by agency. Deadlines end at 23:59:59 Tehran, so at 08:00
// every case that missed yesterday's is caught before the working day starts. After downtime only the
// latest day runs: it escalates every case whose deadline passed meanwhile, and one digest says how things stand.

/** Agencies named in the digest; the rest are summed up in one line. */
const DIGEST_AGENCIES = 10;

const NAME = "case-sla-escalation";

export const caseSlaEscalation: Job = {
  name: NAME,
  scheduleInWords: "daily at 08:00; after downtime only the latest day (it still escalates every case that became overdue meanwhile)",
  cron: "0 8 * * *",
  slotName: (dueAt) => dayLabel(tehranJalaliDay(dueAt)),
  catchUp: "latest",
  lookbackMs: 7 * DAY_MS,
  async run(env, slot) {
    let escalated = 0;
    for (let n; (n = await escalateOverdueCases(env.db, SYSTEM, slot.dueAt)) > 0; ) {
      escalated += n;
      // Each batch is committed: stopping here loses nothing, the retry goes on from the next case.
      if (env.signal?.aborted) throw new Error(`stopped after escalating ${escalated} cases`);
    }
    const digest = await overdueDigest(env.db, SYSTEM, slot.dueAt);
    if (digest.total === 0) return `no open case is past its deadline; escalated ${counted(escalated, "case")}`;
    const shown = digest.byAgency.slice(0, DIGEST_AGENCIES);
    const rest = digest.byAgency.slice(DIGEST_AGENCIES).reduce((n, a) => n + a.n, 0);
    const lines = (locale: "fa" | "en") =>
      [...shown.map((a) => `• ${locale === "fa" ? a.fa : a.en}: ${localDigits(a.n, locale)}`), ...(rest ? [`• …: ${localDigits(rest, locale)}`] : [])].join("\n");
    const admins = await adminUsers(env.db, env.adminPlatformIds);
    await noticeStaff(
      env.db,
      admins,
      { key: "notice-overdue-digest", params: { total: countParam(digest.total), lastDay: countParam(digest.lastDay), agencies: { fa: lines("fa"), en: lines("en") } } },
      `cron:${NAME}:${slot.name}`,
    );
    return `escalated ${counted(escalated, "case")} (case.overdue); ${counted(digest.total, "open case")} past the deadline, digest to ${counted(admins.length, "admin")}`;
  },
};
