import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { provinces, quarterlyReports, quarterlyReportVersions } from "../db/schema.ts";
import { allows, scopeCondition, type Actor } from "./access.ts";
import { DomainError } from "./errors.ts";
import { quarterOf, tehranJalaliDay } from "./jalali-calendar.ts";
import { localDigits } from "./persian.ts";
import type { ReportSection } from "./monthly-reports.ts";
import { quarterlyFigures, type QuarterlyFigures } from "./quarterly-figures.ts";
import { adminUsers, noticeStaff } from "./staff-notices.ts";
import { frozenVersion } from "./report-versions.ts";

// A province's quarterly report (seed 004): the provincial representative opens the quarter's draft,
// drafted from the counties' monthly reports (quarterly-figures.ts), writes the narrative, obstacles and
// proposals and submits it to the admins. Every submission is frozen as a version; a submitted report
// can be amended (it turns back into a draft) and submitted again as the next version.

export type QuarterlyReport = typeof quarterlyReports.$inferSelect;
export type QuarterlyReportVersion = typeof quarterlyReportVersions.$inferSelect;

export interface JalaliQuarter {
  jy: number;
  quarter: number;
}

const SEASONS_FA = ["بهار", "تابستان", "پاییز", "زمستان"];
const SEASONS_EN = ["spring", "summer", "autumn", "winter"];

/** «پاییز ۱۴۰۵» / "Q3 1405 (autumn)": a Jalali quarter is a season (Q1 starts on 1 Farvardin, the spring equinox). */
export function quarterName(q: JalaliQuarter, locale: string): string {
  return locale === "fa" ? `${SEASONS_FA[q.quarter - 1]} ${localDigits(q.jy, "fa")}` : `Q${q.quarter} ${q.jy} (${SEASONS_EN[q.quarter - 1]})`;
}

/** The quarters a representative may report on: this one and the one before (a report is due at the quarter's end). */
export function reportableQuarters(now = new Date()): JalaliQuarter[] {
  const today = tehranJalaliDay(now);
  const quarter = quarterOf(today.jm);
  return [{ jy: today.jy, quarter }, quarter === 1 ? { jy: today.jy - 1, quarter: 4 } : { jy: today.jy, quarter: quarter - 1 }];
}

/** The representative's report of a quarter, created as a draft on first use. Throws forbidden, quarter_closed. */
export async function openQuarterlyReport(db: Db, actor: Actor, q: JalaliQuarter, now = new Date()): Promise<QuarterlyReport> {
  if (actor.kind !== "provincial" || !allows(actor, "quarterly_report", "write", actor)) throw new DomainError("forbidden", "Only a province's representative writes its quarterly report.");
  if (!reportableQuarters(now).some((r) => r.jy === q.jy && r.quarter === q.quarter)) throw new DomainError("quarter_closed", "Only this quarter's and last quarter's reports can be written.");
  await db.insert(quarterlyReports).values({ provinceId: actor.provinceId, jYear: q.jy, quarter: q.quarter, representativeId: actor.userId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(quarterlyReports)
    .where(and(eq(quarterlyReports.provinceId, actor.provinceId), eq(quarterlyReports.jYear, q.jy), eq(quarterlyReports.quarter, q.quarter)));
  return row;
}

/** A quarterly report the actor may read (or write), or null. */
export async function findQuarterlyReport(db: Db, actor: Actor, id: number, action: "read" | "write" = "read"): Promise<QuarterlyReport | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await db.select().from(quarterlyReports).where(and(eq(quarterlyReports.id, id), scopeCondition(actor, "quarterly_report", action)));
  return row ?? null;
}

/** The figures the report would be submitted with now. */
export const draftQuarterlyFigures = (db: Db, actor: Actor, r: QuarterlyReport, now = new Date()) => quarterlyFigures(db, actor, r.provinceId, r.jYear, r.quarter, now);

/** Saves one written section; a submitted report becomes a draft again until it is submitted anew. */
export async function saveQuarterlySection(db: Db, actor: Actor, id: number, section: ReportSection, text: string | null): Promise<QuarterlyReport | null> {
  const report = await findQuarterlyReport(db, actor, id, "write");
  if (!report) return null;
  const [row] = await db.update(quarterlyReports).set({ [section]: text, status: "draft", updatedAt: new Date() }).where(eq(quarterlyReports.id, id)).returning();
  return row;
}

/**
 * Submits the report: its figures are frozen as a new version and the admins are told (users with the admin
 * role, and the users rows of ADMIN_IDS: those are platform ids, and one who never wrote to the bot has no
 * chat to be told in). Submitting a report already submitted (a double tap) changes nothing.
 */
export async function submitQuarterlyReport(
  db: Db,
  actor: Actor,
  id: number,
  o: { adminPlatformIds?: ReadonlySet<number>; now?: Date } = {},
): Promise<{ report: QuarterlyReport; version: number; again: boolean } | null> {
  const now = o.now ?? new Date();
  const [report] = await db.select().from(quarterlyReports).where(and(eq(quarterlyReports.id, id), scopeCondition(actor, "quarterly_report", "write"))).for("update");
  if (!report) return null;
  if (report.status === "submitted") return { report, version: report.version, again: true };
  const figures: QuarterlyFigures = await draftQuarterlyFigures(db, actor, report, now);
  const version = report.version + 1;
  await db.insert(quarterlyReportVersions).values({ reportId: id, version, ...frozenVersion(report, figures, actor, now) });
  const [row] = await db.update(quarterlyReports).set({ status: "submitted", version, submittedAt: now, updatedAt: now }).where(eq(quarterlyReports.id, id)).returning();
  const [province] = await db.select({ fa: provinces.nameFa, en: provinces.nameEn }).from(provinces).where(eq(provinces.id, row.provinceId));
  await noticeStaff(
    db,
    await adminUsers(db, o.adminPlatformIds),
    {
      key: version > 1 ? "notice-quarterly-resubmitted" : "notice-quarterly-submitted",
      params: {
        province: { fa: province?.fa ?? "", en: province?.en ?? "" },
        quarter: { fa: quarterName({ jy: row.jYear, quarter: row.quarter }, "fa"), en: quarterName({ jy: row.jYear, quarter: row.quarter }, "en") },
        version: { fa: localDigits(version, "fa"), en: String(version) },
        late: { fa: localDigits(figures.late.length, "fa"), en: String(figures.late.length) },
      },
      button: { key: "btn-open-report", data: `qr:${row.id}` },
    },
    `qr:${row.id}:v${version}`,
  );
  return { report: row, version, again: false };
}

/** Quarterly reports the actor may read, newest quarter first. */
export async function listQuarterlyReports(db: Db, actor: Actor, f: { jy?: number; quarter?: number; provinceId?: number; submittedOnly?: boolean } = {}) {
  return db
    .select({ r: quarterlyReports, province: { code: provinces.code, fa: provinces.nameFa, en: provinces.nameEn } })
    .from(quarterlyReports)
    .innerJoin(provinces, eq(provinces.id, quarterlyReports.provinceId))
    .where(and(quarterlyReportFilter(actor, f), f.submittedOnly ? sql`${quarterlyReports.version} > 0` : undefined))
    .orderBy(desc(quarterlyReports.jYear), desc(quarterlyReports.quarter), asc(provinces.code))
    .limit(500);
}

/** The quarterly reports the actor reads, of a year, quarter and province (any left out: all). */
export function quarterlyReportFilter(actor: Actor, f: { jy?: number; quarter?: number; provinceId?: number }) {
  return and(
    scopeCondition(actor, "quarterly_report", "read"),
    f.jy !== undefined ? eq(quarterlyReports.jYear, f.jy) : undefined,
    f.quarter !== undefined ? eq(quarterlyReports.quarter, f.quarter) : undefined,
    f.provinceId !== undefined ? eq(quarterlyReports.provinceId, f.provinceId) : undefined,
  );
}

/** Every submitted version of a quarterly report, oldest first. */
export async function quarterlyVersions(db: Db, reportId: number): Promise<QuarterlyReportVersion[]> {
  return db.select().from(quarterlyReportVersions).where(eq(quarterlyReportVersions.reportId, reportId)).orderBy(asc(quarterlyReportVersions.version));
}
