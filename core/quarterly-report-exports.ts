import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { provinces, quarterlyReports, quarterlyReportVersions } from "../db/schema.ts";
import { scopeCondition, type Actor } from "./access.ts";
import { isoCell, jalaliCell, textCell, type ExportCell, type ExportColumn, type ExportRange, type SheetExport } from "./export-cells.ts";
import { quarterLabel } from "./jalali-calendar.ts";
import { quarterAgencyShare, type QuarterlyFigures } from "./quarterly-figures.ts";
import { quarterName } from "./quarterly-reports.ts";
import { shareAgencyOf } from "./report-listings.ts";
import { agencyCodeOf, quartersStartingIn, SHARE_COLUMNS, shareCells, TEXT_COLUMNS, textCells } from "./report-export-parts.ts";

// The provinces' quarterly reports as a spreadsheet: one row per report submitted at least once, of the
// quarters starting in a range, as last submitted. A quarterly report goes to the admins and is not
// reviewed, so it has no review date.

const HEAD: ExportColumn[] = [
  { key: "period", fa: "دوره" },
  { key: "period_name", fa: "فصل" },
  { key: "province_code", fa: "کد استان" },
  { key: "province", fa: "استان" },
  { key: "status", fa: "وضعیت" },
  { key: "version", fa: "نسخه" },
  { key: "submitted_jalali", fa: "ارسال (شمسی)" },
  { key: "submitted_at", fa: "ارسال (ISO)" },
];

const FIGURES: ExportColumn[] = [
  { key: "reports", fa: "گزارش‌های ماهانهٔ رسیده" },
  { key: "reports_expected", fa: "گزارش‌های ماهانهٔ مورد انتظار" },
  { key: "counties_late", fa: "شهرستان‌های دارای تأخیر" },
  { key: "activities", fa: "فعالیت‌ها" },
  { key: "participants", fa: "شرکت‌کنندگان" },
  { key: "proposals", fa: "پیشنهادها و فرایندهای شناسایی‌شده" },
  { key: "cases_filed", fa: "پرونده‌های ثبت‌شده" },
  { key: "cases_answered", fa: "پرونده‌های پاسخ داده‌شده" },
  { key: "cases_overdue", fa: "پرونده‌های گذشته از مهلت" },
  { key: "recurring_obstacles", fa: "موانع پرتکرار" },
  { key: "recurring_proposals", fa: "پیشنهادهای پرتکرار" },
];

const phrases = (list: { phrase: string }[]) => textCell(list.map((p) => p.phrase).join("؛ ") || null);

const figureCells = (f: QuarterlyFigures): ExportCell[] => [
  f.totals.reports,
  f.counties.length * f.months.length,
  f.late.length,
  f.totals.activities.total,
  f.totals.activities.participants,
  f.totals.proposals.total,
  f.totals.cases.filed,
  f.totals.cases.answered,
  f.totals.cases.overdue,
  phrases(f.recurring.obstacles),
  phrases(f.recurring.proposals),
];

/** The quarterly reports the actor may read, of the quarters starting in the range, oldest first. */
export function quarterlyReportExport(db: Db, actor: Actor, range: ExportRange, page = 500): SheetExport {
  const agencyId = shareAgencyOf(actor);
  return {
    sheet: "quarterly-reports",
    columns: [...HEAD, ...(agencyId === null ? [...FIGURES, ...TEXT_COLUMNS] : SHARE_COLUMNS)],
    pages: quarterlyPages(db, actor, range, agencyId, page),
  };
}

async function* quarterlyPages(db: Db, actor: Actor, range: ExportRange, agencyId: number | null, page: number) {
  const { lo, hi } = quartersStartingIn(range);
  if (lo > hi) return;
  const code = agencyId === null ? "" : await agencyCodeOf(db, agencyId);
  let after: { jy: number; quarter: number; provinceId: number } | null = null;
  for (;;) {
    const rows = await db
      .select({ r: quarterlyReports, v: quarterlyReportVersions, province: provinces.nameFa, provinceCode: provinces.code })
      .from(quarterlyReports)
      .innerJoin(quarterlyReportVersions, and(eq(quarterlyReportVersions.reportId, quarterlyReports.id), eq(quarterlyReportVersions.version, quarterlyReports.version)))
      .innerJoin(provinces, eq(provinces.id, quarterlyReports.provinceId))
      .where(
        and(
          scopeCondition(actor, "quarterly_report", "read"),
          sql`${quarterlyReports.jYear} * 4 + ${quarterlyReports.quarter} - 1 between ${lo} and ${hi}`,
          after ? sql`(${quarterlyReports.jYear}, ${quarterlyReports.quarter}, ${quarterlyReports.provinceId}) > (${after.jy}, ${after.quarter}, ${after.provinceId})` : undefined,
        ),
      )
      .orderBy(asc(quarterlyReports.jYear), asc(quarterlyReports.quarter), asc(quarterlyReports.provinceId))
      .limit(page);
    if (rows.length === 0) return;
    const last: typeof quarterlyReports.$inferSelect = rows[rows.length - 1].r;
    after = { jy: last.jYear, quarter: last.quarter, provinceId: last.provinceId };
    yield rows.map(({ r, v, province, provinceCode }) => {
      const figures = v.figures as unknown as QuarterlyFigures;
      const head: ExportCell[] = [
        quarterLabel(r.jYear, r.quarter),
        quarterName({ jy: r.jYear, quarter: r.quarter }, "fa"),
        provinceCode,
        province,
        r.status,
        r.version,
        jalaliCell(v.submittedAt),
        isoCell(v.submittedAt),
      ];
      return agencyId === null ? [...head, ...figureCells(figures), ...textCells(v)] : [...head, ...shareCells(code, quarterAgencyShare(figures, agencyId))];
    });
    if (rows.length < page) return;
  }
}
