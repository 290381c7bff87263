import { getAgency } from "../../core/catalog.ts";
import { monthName, type JalaliMonth } from "../../core/jalali-calendar.ts";
import { reportableMonths } from "../../core/monthly-reports.ts";
import { localDigits } from "../../core/persian.ts";
import { quarterName, reportableQuarters, type JalaliQuarter } from "../../core/quarterly-reports.ts";
import { listSubmittedMonthlyReports, listSubmittedQuarterlyReports } from "../../core/report-listings.ts";
import type { Flow, FlowEnv, Message, Step } from "../types.ts";

// A ministry representative's read-only view of the reports: the counties' monthly reports and the
// provinces' quarterly reports of a period, as its agency's share only (its cases, the activities linked
// to it; core/report-listings.ts gives nothing else to a ministry actor).

interface PeriodDraft {
  [key: string]: unknown;
  period?: string;
}

const MAX_REGIONS = 15;
type Share = { activitiesLinked: number; cases: { filed: number; answered: number; overdue: number } };
const zero = (): Share => ({ activitiesLinked: 0, cases: { filed: 0, answered: 0, overdue: 0 } });

function sumInto(total: Share, s: Share) {
  total.activitiesLinked += s.activitiesLinked;
  total.cases.filed += s.cases.filed;
  total.cases.answered += s.cases.answered;
  total.cases.overdue += s.cases.overdue;
}

const shareParams = (env: FlowEnv, s: Share) => ({
  linked: localDigits(s.activitiesLinked, env.locale),
  filed: localDigits(s.cases.filed, env.locale),
  answered: localDigits(s.cases.answered, env.locale),
  overdue: localDigits(s.cases.overdue, env.locale),
});

async function monthText(env: FlowEnv, month: JalaliMonth): Promise<string> {
  const rows = await listSubmittedMonthlyReports(env.db, env.actor, { months: [month] });
  if (!rows.length) return env.t("ar-none");
  const total = zero();
  for (const r of rows) sumInto(total, r.share!);
  const lines = [env.t("ar-monthly", { month: monthName(month, env.locale), reports: localDigits(rows.length, env.locale), ...shareParams(env, total) })];
  for (const r of rows.slice(0, MAX_REGIONS)) lines.push(env.t("ar-by-region", { region: `${r.county[env.locale]} (${r.province[env.locale]})`, ...shareParams(env, r.share!) }));
  return lines.join("\n");
}

async function quarterText(env: FlowEnv, q: JalaliQuarter): Promise<string> {
  const rows = await listSubmittedQuarterlyReports(env.db, env.actor, { jy: q.jy, quarter: q.quarter });
  if (!rows.length) return env.t("ar-none");
  const total = zero();
  for (const r of rows) sumInto(total, r.share!);
  const lines = [env.t("ar-quarterly", { quarter: quarterName(q, env.locale), reports: localDigits(rows.length, env.locale), ...shareParams(env, total) })];
  for (const r of rows.slice(0, MAX_REGIONS)) lines.push(env.t("ar-by-region", { region: r.province[env.locale], ...shareParams(env, r.share!) }));
  return lines.join("\n");
}

function periodButtons(env: FlowEnv) {
  return [
    reportableMonths().map((m) => ({ text: monthName(m, env.locale), data: `m:${m.jy}-${m.jm}` })),
    reportableQuarters().map((q) => ({ text: quarterName(q, env.locale), data: `q:${q.jy}-${q.quarter}` })),
  ];
}

const periodStep: Step<PeriodDraft> = {
  async prompt(env, draft): Promise<Message> {
    const agency = env.actor.kind === "ministry" ? await getAgency(env, env.actor.agencyId) : null;
    const title = env.t("ar-title", { agency: agency ? (env.locale === "fa" ? agency.nameFa : agency.nameEn) : "" });
    const m = draft.period ? /^([mq]):(\d{4})-(\d{1,2})$/.exec(draft.period) : null;
    if (!m) return { text: `${title}\n\n${env.t("ar-ask-period")}`, inline: periodButtons(env) };
    const body = m[1] === "m" ? await monthText(env, { jy: Number(m[2]), jm: Number(m[3]) }) : await quarterText(env, { jy: Number(m[2]), quarter: Number(m[3]) });
    return { text: `${title}\n\n${body}`, inline: periodButtons(env) };
  },
  handle(env, _draft, input) {
    const ok = input.type === "button" && /^(m:\d{4}-(?:[1-9]|1[0-2])|q:\d{4}-[1-4])$/.test(input.data);
    if (!ok) return { kind: "invalid", error: env.t("choose-from-list") };
    return { kind: "update", draft: { period: input.data } };
  },
};

export const agencyReportsFlow: Flow<PeriodDraft> = {
  name: "agency_reports",
  interruptible: true,
  roles: ["ministry"],
  start: () => ({ kind: "goto", step: "period", draft: {} }),
  steps: { period: periodStep },
};

