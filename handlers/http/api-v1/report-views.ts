import { stringify } from "csv-stringify/sync";
import { monthLabel, quarterLabel } from "../../../core/jalali-calendar.ts";
import type { ListedMonthlyReport, ListedQuarterlyReport } from "../../../core/report-listings.ts";
import type { MonthlyFigures } from "../../../core/report-figures.ts";
import type { QuarterlyFigures } from "../../../core/quarterly-figures.ts";

// Reports as API v1 writes them: JSON in the API's snake_case, and CSV (one row per report) for Excel.

type Codes = Map<number, string>;
const code = (codes: Codes, id: number) => codes.get(id) ?? String(id);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const place = (p: { fa: string; en: string }) => ({ name_fa: p.fa, name_en: p.en });

function monthlyFiguresJson(f: MonthlyFigures, codes: Codes) {
  return {
    activities: { total: f.activities.total, participants: f.activities.participants, by_kind: f.activities.byKind, by_agency: f.activities.byAgency.map((a) => ({ agency: code(codes, a.agencyId), n: a.n })) },
    proposals: { total: f.proposals.total, by_progress: f.proposals.byProgress, items: f.proposals.items.map((p) => ({ kind: p.kind, day: p.day, description: p.description, progress: p.progress, note: p.note })) },
    members: { active: f.members.active, took_part: f.members.tookPart },
    cases: {
      filed: f.cases.filed,
      answered: f.cases.answered,
      overdue: f.cases.overdue,
      by_agency: f.cases.byAgency.map((a) => ({ agency: code(codes, a.agencyId), ...place(a.name), filed: a.filed, answered: a.answered, overdue: a.overdue })),
      top_topics: f.cases.topTopics.map((t) => ({ ...place(t.name), agency_fa: t.agency.fa, agency_en: t.agency.en, n: t.n })),
    },
  };
}

const shareJson = (s: ListedMonthlyReport["share"]) => (s ? { agency: s.agency, activities_linked: s.activitiesLinked, cases: s.cases } : null);

export function monthlyReportJson(r: ListedMonthlyReport, codes: Codes) {
  return {
    id: r.id,
    period: monthLabel({ jy: r.jy, jm: r.jm }),
    status: r.status,
    version: r.version,
    submitted_at: r.submittedAt.toISOString(),
    reviewed_at: iso(r.reviewedAt),
    province: { code: r.province.code, ...place(r.province) },
    county: { id: r.county.id, ...place(r.county) },
    figures: r.figures ? monthlyFiguresJson(r.figures, codes) : null,
    narrative: r.narrative,
    obstacles: r.obstacles,
    proposals: r.proposals,
    agency_share: shareJson(r.share),
  };
}

function quarterlyFiguresJson(f: QuarterlyFigures, codes: Codes) {
  const texts = (list: QuarterlyFigures["obstacles"]) => list.map((t) => ({ county_id: t.countyId, period: t.month, text: t.text }));
  const phrases = (list: QuarterlyFigures["recurring"]["obstacles"]) => list.map((p) => ({ phrase: p.phrase, county_ids: p.countyIds }));
  const t = f.totals;
  return {
    months: f.months,
    counties: f.counties.map((c) => ({ id: c.countyId, ...place(c.name), months: c.months.map((m) => ({ period: m.month, status: m.status, version: m.version, late: m.late })) })),
    late: f.late.map((c) => ({ county_id: c.countyId, periods: c.months })),
    totals: {
      reports: t.reports,
      activities: { total: t.activities.total, participants: t.activities.participants, by_kind: t.activities.byKind, by_agency: t.activities.byAgency.map((a) => ({ agency: code(codes, a.agencyId), n: a.n })) },
      proposals: { total: t.proposals.total, by_progress: t.proposals.byProgress },
      cases: { filed: t.cases.filed, answered: t.cases.answered, overdue: t.cases.overdue, by_agency: t.cases.byAgency.map((a) => ({ agency: a.code || code(codes, a.agencyId), ...place(a.name), filed: a.filed, answered: a.answered, overdue: a.overdue })) },
    },
    obstacles: texts(f.obstacles),
    proposals: texts(f.proposals),
    recurring: { obstacles: phrases(f.recurring.obstacles), proposals: phrases(f.recurring.proposals) },
  };
}

export function quarterlyReportJson(r: ListedQuarterlyReport, codes: Codes) {
  return {
    id: r.id,
    period: quarterLabel(r.jy, r.quarter),
    status: r.status,
    version: r.version,
    submitted_at: r.submittedAt.toISOString(),
    province: { code: r.province.code, ...place(r.province) },
    figures: r.figures ? quarterlyFiguresJson(r.figures, codes) : null,
    narrative: r.narrative,
    obstacles: r.obstacles,
    proposals: r.proposals,
    agency_share: shareJson(r.share),
  };
}

type Cell = string | number | null;

// A cell starting with = + - @ would run as a formula in Excel: a staff member's text is data, never code.
const safe = (v: Cell): Cell => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** CSV with a header row, UTF-8 with a byte-order mark so Excel reads Persian as Persian. */
function csv(rows: Record<string, Cell>[], columns: string[]): Buffer {
  return Buffer.from(stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, safe(r[c] ?? null)]))), { header: true, bom: true, columns }), "utf8");
}

const SHARE_COLUMNS = ["agency", "activities_linked", "cases_filed", "cases_answered", "cases_overdue"];
const shareCells = (s: NonNullable<ListedMonthlyReport["share"]>) => ({ agency: s.agency, activities_linked: s.activitiesLinked, cases_filed: s.cases.filed, cases_answered: s.cases.answered, cases_overdue: s.cases.overdue });
const textCells = (r: { narrative: string | null; obstacles: string | null; proposals: string | null }) => ({ narrative: r.narrative, obstacles: r.obstacles, proposals_text: r.proposals });

/** One row per monthly report: whole figures and texts, or (an agency's share) only the agency's columns. */
export function monthlyReportsCsv(rows: ListedMonthlyReport[], asShare: boolean): Buffer {
  const head = ["period", "province_code", "province", "county_id", "county", "status", "version", "submitted_at"];
  const whole = ["activities", "participants", "proposals", "proposals_done", "members_active", "cases_filed", "cases_answered", "cases_overdue", "narrative", "obstacles", "proposals_text"];
  return csv(
    rows.map((r) => ({
      period: monthLabel({ jy: r.jy, jm: r.jm }),
      province_code: r.province.code,
      province: r.province.fa,
      county_id: r.county.id,
      county: r.county.fa,
      status: r.status,
      version: r.version,
      submitted_at: r.submittedAt.toISOString(),
      ...(r.share ? shareCells(r.share) : {}),
      ...(r.figures
        ? {
            activities: r.figures.activities.total,
            participants: r.figures.activities.participants,
            proposals: r.figures.proposals.total,
            proposals_done: r.figures.proposals.byProgress.done ?? 0,
            members_active: r.figures.members.active,
            cases_filed: r.figures.cases.filed,
            cases_answered: r.figures.cases.answered,
            cases_overdue: r.figures.cases.overdue,
            ...textCells(r),
          }
        : {}),
    })),
    [...head, ...(asShare ? SHARE_COLUMNS : whole)],
  );
}

/** One row per quarterly report (a province's quarter). */
export function quarterlyReportsCsv(rows: ListedQuarterlyReport[], asShare: boolean): Buffer {
  const head = ["period", "province_code", "province", "status", "version", "submitted_at"];
  const whole = ["reports", "reports_expected", "counties_late", "activities", "participants", "proposals", "cases_filed", "cases_answered", "cases_overdue", "recurring_obstacles", "recurring_proposals", "narrative", "obstacles", "proposals_text"];
  const phrases = (list: { phrase: string }[]) => list.map((p) => p.phrase).join("؛ ");
  return csv(
    rows.map((r) => ({
      period: quarterLabel(r.jy, r.quarter),
      province_code: r.province.code,
      province: r.province.fa,
      status: r.status,
      version: r.version,
      submitted_at: r.submittedAt.toISOString(),
      ...(r.share ? shareCells(r.share) : {}),
      ...(r.figures
        ? {
            reports: r.figures.totals.reports,
            reports_expected: r.figures.counties.length * r.figures.months.length,
            counties_late: r.figures.late.length,
            activities: r.figures.totals.activities.total,
            participants: r.figures.totals.activities.participants,
            proposals: r.figures.totals.proposals.total,
            cases_filed: r.figures.totals.cases.filed,
            cases_answered: r.figures.totals.cases.answered,
            cases_overdue: r.figures.totals.cases.overdue,
            recurring_obstacles: phrases(r.figures.recurring.obstacles),
            recurring_proposals: phrases(r.figures.recurring.proposals),
            ...textCells(r),
          }
        : {}),
    })),
    [...head, ...(asShare ? SHARE_COLUMNS : whole)],
  );
}
