import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, counties, monthlyReports, monthlyReportVersions, provinces, quarterlyReports, quarterlyReportVersions } from "../db/schema.ts";
import { scopeCondition, type Actor } from "./access.ts";
import type { JalaliMonth } from "./jalali-calendar.ts";
import { quarterAgencyShare, type QuarterlyFigures } from "./quarterly-figures.ts";
import { agencyShare, type MonthlyFigures } from "./report-figures.ts";
import { quarterlyReportFilter } from "./quarterly-reports.ts";
import { comparePersian } from "./persian.ts";

// Submitted reports as the API lists them: each report with its latest submitted version (the figures and
// texts the reviewer saw, not the working copy). A ministry representative or an agency key reads every
// report, but only as its agency's share (access.ts lets them read; this decides what they read).

/** The agency whose share the actor reads reports as, or null when the actor reads them whole. */
export function shareAgencyOf(actor: Actor): number | null {
  return actor.kind === "ministry" || actor.kind === "agency_key" ? actor.agencyId : null;
}

export interface Place {
  code?: string;
  fa: string;
  en: string;
}

export interface ListedMonthlyReport {
  id: number;
  jy: number;
  jm: number;
  status: string;
  version: number;
  submittedAt: Date;
  reviewedAt: Date | null;
  province: Place & { code: string };
  county: Place & { id: number };
  /** Whole figures and texts for those who read reports whole; null for an agency's share. */
  figures: MonthlyFigures | null;
  narrative: string | null;
  obstacles: string | null;
  proposals: string | null;
  share: ({ agency: string } & ReturnType<typeof agencyShare>) | null;
}

async function agencyCode(db: Db, agencyId: number | null): Promise<string> {
  if (agencyId === null) return "";
  const [row] = await db.select({ code: agencies.code }).from(agencies).where(eq(agencies.id, agencyId));
  return row?.code ?? "";
}

/** Monthly reports submitted at least once, for the actor: of the given months, province or county; newest first, by county. */
export async function listSubmittedMonthlyReports(db: Db, actor: Actor, f: { months?: JalaliMonth[]; provinceId?: number; countyId?: number } = {}): Promise<ListedMonthlyReport[]> {
  const years = [...new Set((f.months ?? []).map((m) => m.jy))];
  const rows = await db
    .select({
      r: monthlyReports,
      v: monthlyReportVersions,
      county: { id: counties.id, fa: counties.nameFa, en: counties.nameEn },
      province: { code: provinces.code, fa: provinces.nameFa, en: provinces.nameEn },
    })
    .from(monthlyReports)
    .innerJoin(monthlyReportVersions, and(eq(monthlyReportVersions.reportId, monthlyReports.id), eq(monthlyReportVersions.version, monthlyReports.version)))
    .innerJoin(counties, eq(counties.id, monthlyReports.countyId))
    .innerJoin(provinces, eq(provinces.id, monthlyReports.provinceId))
    .where(
      and(
        scopeCondition(actor, "monthly_report", "read"),
        f.months?.length
          ? sql`(${sql.join(years.map((jy) => sql`(${monthlyReports.jYear} = ${jy} and ${inArray(monthlyReports.jMonth, f.months!.filter((m) => m.jy === jy).map((m) => m.jm))})`), sql` or `)})`
          : undefined,
        f.provinceId !== undefined ? eq(monthlyReports.provinceId, f.provinceId) : undefined,
        f.countyId !== undefined ? eq(monthlyReports.countyId, f.countyId) : undefined,
      ),
    )
    .orderBy(desc(monthlyReports.jYear), desc(monthlyReports.jMonth), asc(provinces.code), asc(counties.id))
    .limit(2000);
  rows.sort((a, b) => b.r.jYear - a.r.jYear || b.r.jMonth - a.r.jMonth || a.province.code.localeCompare(b.province.code) || comparePersian(a.county.fa, b.county.fa));
  const agencyId = shareAgencyOf(actor);
  const code = await agencyCode(db, agencyId);
  return rows.map(({ r, v, county, province }) => {
    const figures = v.figures as unknown as MonthlyFigures;
    const whole = agencyId === null;
    return {
      id: r.id,
      jy: r.jYear,
      jm: r.jMonth,
      status: r.status,
      version: r.version,
      submittedAt: v.submittedAt,
      reviewedAt: r.reviewedAt,
      province,
      county,
      figures: whole ? figures : null,
      narrative: whole ? v.narrative : null,
      obstacles: whole ? v.obstacles : null,
      proposals: whole ? v.proposals : null,
      share: whole ? null : { agency: code, ...agencyShare(figures, agencyId) },
    };
  });
}

export interface ListedQuarterlyReport {
  id: number;
  jy: number;
  quarter: number;
  status: string;
  version: number;
  submittedAt: Date;
  province: Place & { code: string };
  figures: QuarterlyFigures | null;
  narrative: string | null;
  obstacles: string | null;
  proposals: string | null;
  share: ({ agency: string } & ReturnType<typeof quarterAgencyShare>) | null;
}

/** Quarterly reports submitted at least once, for the actor: of a quarter (or a year), a province; newest first. */
export async function listSubmittedQuarterlyReports(db: Db, actor: Actor, f: { jy?: number; quarter?: number; provinceId?: number } = {}): Promise<ListedQuarterlyReport[]> {
  const rows = await db
    .select({ r: quarterlyReports, v: quarterlyReportVersions, province: { code: provinces.code, fa: provinces.nameFa, en: provinces.nameEn } })
    .from(quarterlyReports)
    .innerJoin(quarterlyReportVersions, and(eq(quarterlyReportVersions.reportId, quarterlyReports.id), eq(quarterlyReportVersions.version, quarterlyReports.version)))
    .innerJoin(provinces, eq(provinces.id, quarterlyReports.provinceId))
    .where(quarterlyReportFilter(actor, f))
    .orderBy(desc(quarterlyReports.jYear), desc(quarterlyReports.quarter), asc(provinces.code))
    .limit(500);
  const agencyId = shareAgencyOf(actor);
  const code = await agencyCode(db, agencyId);
  return rows.map(({ r, v, province }) => {
    const figures = v.figures as unknown as QuarterlyFigures;
    const whole = agencyId === null;
    return {
      id: r.id,
      jy: r.jYear,
      quarter: r.quarter,
      status: r.status,
      version: r.version,
      submittedAt: v.submittedAt,
      province,
      figures: whole ? figures : null,
      narrative: whole ? v.narrative : null,
      obstacles: whole ? v.obstacles : null,
      proposals: whole ? v.proposals : null,
      share: whole ? null : { agency: code, ...quarterAgencyShare(figures, agencyId) },
    };
  });
}

/** Every agency's code by id (figures store ids; the API speaks codes). */
export async function agencyCodes(db: Db): Promise<Map<number, string>> {
  const rows = await db.select({ id: agencies.id, code: agencies.code }).from(agencies);
  return new Map(rows.map((a) => [a.id, a.code]));
}

/** The province a county belongs to, or null for no such county. */
export async function provinceOfCounty(db: Db, countyId: number): Promise<number | null> {
  const [row] = await db.select({ provinceId: counties.provinceId }).from(counties).where(eq(counties.id, countyId));
  return row?.provinceId ?? null;
}
