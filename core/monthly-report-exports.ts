import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { counties, monthlyReports, monthlyReportVersions, provinces } from "../db/schema.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { isoCell, jalaliCell, type ExportCell, type ExportColumn, type ExportRange, type SheetExport } from "./export-cells.ts";
import { monthLabel, monthName } from "./jalali-calendar.ts";
import { agencyShare, type MonthlyFigures } from "./report-figures.ts";
import { shareAgencyOf } from "./report-listings.ts";
import { agencyCodeOf, monthsStartingIn, SHARE_COLUMNS, shareCells, TEXT_COLUMNS, textCells } from "./report-export-parts.ts";

// The counties' monthly reports as a spreadsheet: one row per report submitted at least once, of the months
// in a range, as last submitted (the figures and texts the province saw, not the working copy), read in
// pages by (month, county) so a year of every county streams like a month of one.

const HEAD: ExportColumn[] = [
  { key: "period", fa: "دوره" },
  { key: "period_name", fa: "ماه" },
  { key: "province_code", fa: "کد استان" },
  { key: "province", fa: "استان" },
  { key: "county", fa: "شهرستان" },
  { key: "status", fa: "وضعیت" },
  { key: "version", fa: "نسخه" },
  { key: "submitted_jalali", fa: "ارسال (شمسی)" },
  { key: "submitted_at", fa: "ارسال (ISO)" },
  { key: "reviewed_jalali", fa: "بررسی (شمسی)" },
  { key: "reviewed_at", fa: "بررسی (ISO)" },
];

const FIGURES: ExportColumn[] = [
  { key: "activities", fa: "فعالیت‌ها" },
  { key: "participants", fa: "شرکت‌کنندگان" },
  { key: "proposals", fa: "پیشنهادها و فرایندهای شناسایی‌شده" },
  { key: "proposals_done", fa: "به نتیجه رسیده" },
  { key: "members_active", fa: "اعضای فعال شبکه" },
  { key: "members_took_part", fa: "اعضای شرکت‌کننده" },
  { key: "cases_filed", fa: "پرونده‌های ثبت‌شده" },
  { key: "cases_answered", fa: "پرونده‌های پاسخ داده‌شده" },
  { key: "cases_overdue", fa: "پرونده‌های گذشته از مهلت" },
  { key: "consultations", fa: "نظرخواهی‌ها" },
];

const figureCells = (f: MonthlyFigures): ExportCell[] => [
  f.activities.total,
  f.activities.participants,
  f.proposals.total,
  f.proposals.byProgress.done ?? 0,
  f.members.active,
  f.members.tookPart,
  f.cases.filed,
  f.cases.answered,
  f.cases.overdue,
  f.consultations?.held ?? 0,
];

/** The monthly reports the actor may read, of the months starting in the range, oldest month first. */
export function monthlyReportExport(db: Db, actor: Actor, range: ExportRange, page = 500): SheetExport {
  const agencyId = shareAgencyOf(actor);
  return {
    sheet: "monthly-reports",
    columns: [...HEAD, ...(agencyId === null ? [...FIGURES, ...TEXT_COLUMNS] : SHARE_COLUMNS)],
    pages: monthlyPages(db, actor, range, agencyId, page),
  };
}

async function* monthlyPages(db: Db, actor: Actor, range: ExportRange, agencyId: number | null, page: number) {
  const { lo, hi } = monthsStartingIn(range);
  if (lo > hi) return;
  const code = agencyId === null ? "" : await agencyCodeOf(db, agencyId);
  let after: { jy: number; jm: number; countyId: number } | null = null;
  for (;;) {
    const rows = await db
      .select({ r: monthlyReports, v: monthlyReportVersions, county: counties.nameFa, province: provinces.nameFa, provinceCode: provinces.code })
      .from(monthlyReports)
      .innerJoin(monthlyReportVersions, and(eq(monthlyReportVersions.reportId, monthlyReports.id), eq(monthlyReportVersions.version, monthlyReports.version)))
      .innerJoin(counties, eq(counties.id, monthlyReports.countyId))
      .innerJoin(provinces, eq(provinces.id, monthlyReports.provinceId))
      .where(
        and(
          scopeCondition(actor, "monthly_report", "read"),
          sql`${monthlyReports.jYear} * 12 + ${monthlyReports.jMonth} - 1 between ${lo} and ${hi}`,
          after ? sql`(${monthlyReports.jYear}, ${monthlyReports.jMonth}, ${monthlyReports.countyId}) > (${after.jy}, ${after.jm}, ${after.countyId})` : undefined,
        ),
      )
      .orderBy(asc(monthlyReports.jYear), asc(monthlyReports.jMonth), asc(monthlyReports.countyId))
      .limit(page);
    if (rows.length === 0) return;
    const last: typeof monthlyReports.$inferSelect = rows[rows.length - 1].r;
    after = { jy: last.jYear, jm: last.jMonth, countyId: last.countyId };
    yield rows.map(({ r, v, county, province, provinceCode }) => {
      const month = { jy: r.jYear, jm: r.jMonth };
      const figures = v.figures as unknown as MonthlyFigures;
      const head: ExportCell[] = [
        monthLabel(month),
        monthName(month, "fa"),
        provinceCode,
        province,
        county,
        r.status,
        r.version,
        jalaliCell(v.submittedAt),
        isoCell(v.submittedAt),
        jalaliCell(r.reviewedAt),
        isoCell(r.reviewedAt),
      ];
      return agencyId === null ? [...head, ...figureCells(figures), ...textCells(v)] : [...head, ...shareCells(code, agencyShare(figures, agencyId))];
    });
    if (rows.length < page) return;
  }
}
