import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies } from "../db/schema.ts";
import { textCell, type ExportCell, type ExportColumn, type ExportRange } from "./export-cells.ts";
import { monthRange, tehranJalaliDay } from "./jalali-calendar.ts";

// What the monthly and the quarterly report exports share: which reports a range selects, and the columns
// of an agency's share (a ministry's representative or an agency key reads every report, but only as that
// agency's share, core/report-listings.ts) and of the texts (for those who read reports whole).

export const SHARE_COLUMNS: ExportColumn[] = [
  { key: "agency_code", fa: "کد دستگاه" },
  { key: "activities_linked", fa: "فعالیت‌های مرتبط با دستگاه" },
  { key: "cases_filed", fa: "پرونده‌های ثبت‌شدهٔ دستگاه" },
  { key: "cases_answered", fa: "پرونده‌های پاسخ داده‌شدهٔ دستگاه" },
  { key: "cases_overdue", fa: "پرونده‌های گذشته از مهلت دستگاه" },
];

export const TEXT_COLUMNS: ExportColumn[] = [
  { key: "narrative", fa: "شرح عملکرد" },
  { key: "obstacles", fa: "موانع" },
  { key: "proposals_text", fa: "پیشنهادها" },
];

export interface Share {
  activitiesLinked: number;
  cases: { filed: number; answered: number; overdue: number };
}

export const shareCells = (agencyCode: string, s: Share): ExportCell[] => [agencyCode, s.activitiesLinked, s.cases.filed, s.cases.answered, s.cases.overdue];

export const textCells = (v: { narrative: string | null; obstacles: string | null; proposals: string | null }): ExportCell[] => [textCell(v.narrative), textCell(v.obstacles), textCell(v.proposals)];

export async function agencyCodeOf(db: Db, agencyId: number): Promise<string> {
  const [row] = await db.select({ code: agencies.code }).from(agencies).where(eq(agencies.id, agencyId));
  return row?.code ?? String(agencyId);
}

const monthIndex = (d: { jy: number; jm: number }) => d.jy * 12 + d.jm - 1;

/**
 * The months (as jy*12 + jm - 1, inclusive) that start within the range: a report belongs to its month, so
 * the range picks whole months, and a period label (1405-Q3) picks exactly its own.
 */
export function monthsStartingIn(range: ExportRange): { lo: number; hi: number } {
  const first = tehranJalaliDay(range.from);
  const lo = monthIndex(first) + (monthRange(first).from < range.from ? 1 : 0);
  return { lo, hi: monthIndex(tehranJalaliDay(new Date(range.to.getTime() - 1))) };
}

/** The quarters (as jy*4 + quarter - 1, inclusive) that start within the range. */
export function quartersStartingIn(range: ExportRange): { lo: number; hi: number } {
  // Quarter Q starts with month 3Q, so the months' bounds give the quarters' bounds.
  const { lo, hi } = monthsStartingIn(range);
  return { lo: Math.ceil(lo / 3), hi: Math.floor(hi / 3) };
}
