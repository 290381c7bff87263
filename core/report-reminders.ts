import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { counties, monthlyReports, provinces, quarterlyReports, users } from "../db/schema.ts";
import { scopeCondition, type Actor } from "./access.ts";
import type { JalaliMonth } from "./jalali-calendar.ts";
import type { JalaliQuarter } from "./quarterly-reports.ts";
import type { Named } from "./report-figures.ts";
import { comparePersian } from "./persian.ts";

// Who still owes a report, for the scheduled reminders and escalations (cron/). A monthly report counts as
// sent once it is submitted or accepted, as in the quarterly figures' "late" (a returned one is owed again);
// a quarterly report once a version of it has reached the admins.

const SENT = ["submitted", "accepted"];

const role = (r: string) => sql`${users.roles}[1] = ${r}`;

export interface OwingAssistant {
  userId: number;
  countyId: number;
  county: Named;
  /** Where the county's report stands: none yet, a draft, or returned for changes. */
  status: "missing" | "draft" | "returned";
}

/** The assistants whose county has not sent its report of the month. */
export async function assistantsOwingMonthlyReport(db: Db, actor: Actor, month: JalaliMonth): Promise<OwingAssistant[]> {
  const rows = await db
    .select({ userId: users.id, countyId: counties.id, fa: counties.nameFa, en: counties.nameEn, status: monthlyReports.status })
    .from(users)
    .innerJoin(counties, eq(counties.id, users.countyId))
    .leftJoin(
      monthlyReports,
      and(eq(monthlyReports.countyId, users.countyId), eq(monthlyReports.jYear, month.jy), eq(monthlyReports.jMonth, month.jm), scopeCondition(actor, "monthly_report", "count")),
    )
    .where(and(role("assistant"), isNotNull(users.provinceId), scopeCondition(actor, "staff", "read")))
    .orderBy(asc(users.id));
  return rows
    .filter((r) => !r.status || !SENT.includes(r.status))
    .map((r) => ({ userId: r.userId, countyId: r.countyId, county: { fa: r.fa, en: r.en }, status: (r.status ?? "missing") as OwingAssistant["status"] }));
}

export interface ProvinceLateness {
  provinceId: number;
  province: Named;
  /** Counties of the province that have an assistant. */
  staffed: number;
  /** Those of them without a sent report of the month, by Persian name. */
  late: { countyId: number; name: Named }[];
}

/**
 * For each province with a county late with its report of the month, the late counties. Only counties with
 * an assistant count: one without has nobody who could have sent it (the quarterly figures still list it).
 */
export async function lateCountiesByProvince(db: Db, actor: Actor, month: JalaliMonth): Promise<ProvinceLateness[]> {
  const staffed = db.selectDistinct({ countyId: users.countyId }).from(users).where(and(role("assistant"), isNotNull(users.countyId), scopeCondition(actor, "staff", "read")));
  const rows = await db
    .select({
      provinceId: provinces.id,
      provinceFa: provinces.nameFa,
      provinceEn: provinces.nameEn,
      countyId: counties.id,
      fa: counties.nameFa,
      en: counties.nameEn,
      status: monthlyReports.status,
    })
    .from(counties)
    .innerJoin(provinces, eq(provinces.id, counties.provinceId))
    .leftJoin(
      monthlyReports,
      and(eq(monthlyReports.countyId, counties.id), eq(monthlyReports.jYear, month.jy), eq(monthlyReports.jMonth, month.jm), scopeCondition(actor, "monthly_report", "count")),
    )
    .where(inArray(counties.id, staffed))
    .orderBy(asc(provinces.id));
  rows.sort((a, b) => a.provinceId - b.provinceId || comparePersian(a.fa, b.fa));
  const byProvince = new Map<number, ProvinceLateness>();
  for (const r of rows) {
    let p = byProvince.get(r.provinceId);
    if (!p) byProvince.set(r.provinceId, (p = { provinceId: r.provinceId, province: { fa: r.provinceFa, en: r.provinceEn }, staffed: 0, late: [] }));
    p.staffed += 1;
    if (!r.status || !SENT.includes(r.status)) p.late.push({ countyId: r.countyId, name: { fa: r.fa, en: r.en } });
  }
  return [...byProvince.values()].filter((p) => p.late.length > 0);
}

export interface OwingRepresentative {
  userId: number;
  provinceId: number;
  province: Named;
}

/** The provincial representatives whose province has sent no version of its report of the quarter. */
export async function representativesOwingQuarterlyReport(db: Db, actor: Actor, q: JalaliQuarter): Promise<OwingRepresentative[]> {
  const rows = await db
    .select({ userId: users.id, provinceId: provinces.id, fa: provinces.nameFa, en: provinces.nameEn, version: quarterlyReports.version })
    .from(users)
    .innerJoin(provinces, eq(provinces.id, users.provinceId))
    .leftJoin(
      quarterlyReports,
      and(eq(quarterlyReports.provinceId, users.provinceId), eq(quarterlyReports.jYear, q.jy), eq(quarterlyReports.quarter, q.quarter), scopeCondition(actor, "quarterly_report", "count")),
    )
    .where(and(role("provincial"), scopeCondition(actor, "staff", "read")))
    .orderBy(asc(users.id));
  return rows.filter((r) => !r.version).map((r) => ({ userId: r.userId, provinceId: r.provinceId, province: { fa: r.fa, en: r.en } }));
}
