import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, counties, monthlyReports, monthlyReportVersions } from "../db/schema.ts";
import { ACTIVITY_KINDS, PROGRESS_STATES } from "./activities.ts";
import { monthLabel, monthRange, quarterMonths, type JalaliMonth } from "./jalali-calendar.ts";
import { recurringPhrases, type RecurringPhrase } from "./recurring-phrases.ts";
import type { MonthlyFigures, Named } from "./report-figures.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { comparePersian } from "./persian.ts";

// The figures a province's quarterly report is drafted from (seed 004): for each county and each of the
// quarter's three months, where its monthly report stands; who is late; totals summed from the latest
// submitted version of every county-month (the figures the province saw, not today's recount); and the
// obstacles and proposals the counties wrote, with the phrases that recur across counties.

export const COUNTY_MONTH_STATUSES = ["accepted", "submitted", "returned", "draft", "missing"] as const;
export type CountyMonthStatus = (typeof COUNTY_MONTH_STATUSES)[number];

export interface QuarterTotals {
  /** County-months whose figures are summed (those with a submitted version). */
  reports: number;
  activities: { total: number; participants: number; byKind: Record<string, number>; byAgency: { agencyId: number; n: number }[] };
  proposals: { total: number; byProgress: Record<string, number> };
  cases: { filed: number; answered: number; overdue: number; byAgency: { agencyId: number; code: string; name: Named; filed: number; answered: number; overdue: number }[] };
}

export interface CountyText {
  countyId: number;
  county: Named;
  month: string;
  text: string;
}

export interface QuarterlyFigures {
  jy: number;
  quarter: number;
  /** The quarter's months as labels (1405-07, 1405-08, 1405-09). */
  months: string[];
  counties: { countyId: number; name: Named; months: { month: string; status: CountyMonthStatus; version: number; late: boolean }[] }[];
  /** Counties with a month that has ended without a submitted or accepted report. */
  late: { countyId: number; name: Named; months: string[] }[];
  totals: QuarterTotals;
  obstacles: CountyText[];
  proposals: CountyText[];
  recurring: { obstacles: RecurringPhrase[]; proposals: RecurringPhrase[] };
}

const zeroes = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));

/**
 * Drafts a province's quarterly figures from its counties' monthly reports as the actor may count them
 * (core/access.ts), as of `now` (which months have ended).
 */
export async function quarterlyFigures(db: Db, actor: Actor, provinceId: number, jy: number, quarter: number, now = new Date()): Promise<QuarterlyFigures> {
  const months = quarterMonths(jy, quarter);
  const labels = months.map(monthLabel);
  const [countyRows, reports, agencyRows] = await Promise.all([
    db.select({ id: counties.id, fa: counties.nameFa, en: counties.nameEn }).from(counties).where(eq(counties.provinceId, provinceId)).then((rows) => rows.sort((a, b) => comparePersian(a.fa, b.fa))),
    db
      .select({ r: monthlyReports, v: monthlyReportVersions })
      .from(monthlyReports)
      .leftJoin(monthlyReportVersions, and(eq(monthlyReportVersions.reportId, monthlyReports.id), eq(monthlyReportVersions.version, monthlyReports.version)))
      .where(and(eq(monthlyReports.provinceId, provinceId), eq(monthlyReports.jYear, jy), inArray(monthlyReports.jMonth, months.map((m) => m.jm)), scopeCondition(actor, "monthly_report", "count"))),
    db.select({ id: agencies.id, code: agencies.code, fa: agencies.nameFa, en: agencies.nameEn }).from(agencies),
  ]);
  const agencyById = new Map(agencyRows.map((a) => [a.id, a]));
  const reportOf = new Map(reports.map((row) => [`${row.r.countyId}:${row.r.jMonth}`, row]));
  const ended = (m: JalaliMonth) => monthRange(m).to.getTime() <= now.getTime();

  const totals: QuarterTotals = {
    reports: 0,
    activities: { total: 0, participants: 0, byKind: zeroes(ACTIVITY_KINDS), byAgency: [] },
    proposals: { total: 0, byProgress: zeroes(PROGRESS_STATES) },
    cases: { filed: 0, answered: 0, overdue: 0, byAgency: [] },
  };
  const activitiesByAgency = new Map<number, number>();
  const casesByAgency = new Map<number, QuarterTotals["cases"]["byAgency"][number]>();
  const obstacles: CountyText[] = [];
  const proposals: CountyText[] = [];

  const countyEntries = countyRows.map((c) => {
    const name = { fa: c.fa, en: c.en };
    const perMonth = months.map((m, i) => {
      const row = reportOf.get(`${c.id}:${m.jm}`);
      const status = (row?.r.status ?? "missing") as CountyMonthStatus;
      const late = ended(m) && status !== "submitted" && status !== "accepted";
      if (row?.v) {
        addFigures(totals, activitiesByAgency, casesByAgency, row.v.figures as unknown as MonthlyFigures, agencyById);
        if (row.v.obstacles) obstacles.push({ countyId: c.id, county: name, month: labels[i], text: row.v.obstacles });
        if (row.v.proposals) proposals.push({ countyId: c.id, county: name, month: labels[i], text: row.v.proposals });
      }
      return { month: labels[i], status, version: row?.r.version ?? 0, late };
    });
    return { countyId: c.id, name, months: perMonth };
  });

  totals.activities.byAgency = [...activitiesByAgency.entries()].map(([agencyId, n]) => ({ agencyId, n })).sort((a, b) => b.n - a.n || a.agencyId - b.agencyId);
  totals.cases.byAgency = [...casesByAgency.values()].sort((a, b) => b.filed - a.filed || a.agencyId - b.agencyId);
  return {
    jy,
    quarter,
    months: labels,
    counties: countyEntries,
    late: countyEntries.filter((c) => c.months.some((m) => m.late)).map((c) => ({ countyId: c.countyId, name: c.name, months: c.months.filter((m) => m.late).map((m) => m.month) })),
    totals,
    obstacles,
    proposals,
    recurring: { obstacles: recurringPhrases(obstacles), proposals: recurringPhrases(proposals) },
  };
}

function addFigures(
  totals: QuarterTotals,
  activitiesByAgency: Map<number, number>,
  casesByAgency: Map<number, QuarterTotals["cases"]["byAgency"][number]>,
  f: MonthlyFigures,
  agencyById: Map<number, { code: string; fa: string; en: string }>,
) {
  totals.reports += 1;
  totals.activities.total += f.activities.total;
  totals.activities.participants += f.activities.participants;
  for (const [kind, n] of Object.entries(f.activities.byKind)) totals.activities.byKind[kind] = (totals.activities.byKind[kind] ?? 0) + n;
  for (const a of f.activities.byAgency) activitiesByAgency.set(a.agencyId, (activitiesByAgency.get(a.agencyId) ?? 0) + a.n);
  totals.proposals.total += f.proposals.total;
  for (const [p, n] of Object.entries(f.proposals.byProgress)) totals.proposals.byProgress[p] = (totals.proposals.byProgress[p] ?? 0) + n;
  totals.cases.filed += f.cases.filed;
  totals.cases.answered += f.cases.answered;
  totals.cases.overdue += f.cases.overdue;
  for (const a of f.cases.byAgency) {
    const agency = agencyById.get(a.agencyId);
    const sum = casesByAgency.get(a.agencyId) ?? { agencyId: a.agencyId, code: agency?.code ?? "", name: agency ? { fa: agency.fa, en: agency.en } : a.name, filed: 0, answered: 0, overdue: 0 };
    sum.filed += a.filed;
    sum.answered += a.answered;
    sum.overdue += a.overdue;
    casesByAgency.set(a.agencyId, sum);
  }
}

/** One agency's share of a quarter's totals: its cases and the activities linked to it; no texts, no other agency. */
export function quarterAgencyShare(f: QuarterlyFigures, agencyId: number) {
  const cases = f.totals.cases.byAgency.find((a) => a.agencyId === agencyId);
  return {
    activitiesLinked: f.totals.activities.byAgency.find((a) => a.agencyId === agencyId)?.n ?? 0,
    cases: { filed: cases?.filed ?? 0, answered: cases?.answered ?? 0, overdue: cases?.overdue ?? 0 },
  };
}
