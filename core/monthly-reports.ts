import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { counties, monthlyReports, monthlyReportVersions, provinces } from "../db/schema.ts";
import { allows, scopeCondition, type Actor } from "./access.ts";
import { DomainError } from "./errors.ts";
import { addMonths, monthName, tehranJalaliDay, type JalaliMonth } from "./jalali-calendar.ts";
import { monthlyFigures, type MonthlyFigures } from "./report-figures.ts";
import { frozenVersion } from "./report-versions.ts";
import { noticeStaff, usersWithRole } from "./staff-notices.ts";
import { comparePersian } from "./persian.ts";

// A county's monthly report (seed 004): drafted from the month's figures, completed by the assistant
// (narrative, obstacles, proposals), submitted to the provincial representative, who accepts it or returns
// it with a note; the assistant revises and submits again. Every submission is kept as a version.

export type MonthlyReport = typeof monthlyReports.$inferSelect;
export type MonthlyReportVersion = typeof monthlyReportVersions.$inferSelect;
export const REPORT_SECTIONS = ["narrative", "obstacles", "proposals"] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** The months an assistant may report on: this one and the one before (a report is due at the month's end). */
export function reportableMonths(now = new Date()): JalaliMonth[] {
  const today = tehranJalaliDay(now);
  return [{ jy: today.jy, jm: today.jm }, addMonths(today, -1)];
}

const sameMonth = (a: JalaliMonth, b: JalaliMonth) => a.jy === b.jy && a.jm === b.jm;

/** The assistant's report of a month, created as a draft on first use. Throws forbidden, month_closed. */
export async function openMonthlyReport(db: Db, actor: Actor, month: JalaliMonth, now = new Date()): Promise<MonthlyReport> {
  if (actor.kind !== "assistant" || !allows(actor, "monthly_report", "write", actor)) throw new DomainError("forbidden", "Only a county's assistant writes its monthly report.");
  if (!reportableMonths(now).some((m) => sameMonth(m, month))) throw new DomainError("month_closed", "Only this month's and last month's reports can be written.");
  await db
    .insert(monthlyReports)
    .values({ countyId: actor.countyId, provinceId: actor.provinceId, jYear: month.jy, jMonth: month.jm, assistantId: actor.userId })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(monthlyReports)
    .where(and(eq(monthlyReports.countyId, actor.countyId), eq(monthlyReports.jYear, month.jy), eq(monthlyReports.jMonth, month.jm)));
  return row;
}

/** A report the actor may read (or write / review), or null. */
export async function findMonthlyReport(db: Db, actor: Actor, id: number, action: "read" | "write" | "review" = "read"): Promise<MonthlyReport | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await db.select().from(monthlyReports).where(and(eq(monthlyReports.id, id), scopeCondition(actor, "monthly_report", action)));
  return row ?? null;
}

const editable = (r: MonthlyReport) => r.status === "draft" || r.status === "returned";

/** Saves one written section while the report is a draft or returned. Throws report_locked. */
export async function saveSection(db: Db, actor: Actor, id: number, section: ReportSection, text: string | null): Promise<MonthlyReport | null> {
  const report = await findMonthlyReport(db, actor, id, "write");
  if (!report) return null;
  if (!editable(report)) throw new DomainError("report_locked", "A submitted report cannot change until it is returned.");
  const [row] = await db.update(monthlyReports).set({ [section]: text, updatedAt: new Date() }).where(eq(monthlyReports.id, id)).returning();
  return row;
}

/** The figures the report would be submitted with now. */
export const draftFigures = (db: Db, actor: Actor, r: MonthlyReport, now = new Date()) => monthlyFigures(db, actor, r.countyId, { jy: r.jYear, jm: r.jMonth }, now);

/**
 * Submits the report: its figures are frozen as a new version and the province's representatives are told.
 * Submitting a report that is already submitted (a double tap) changes nothing. Throws report_locked (accepted).
 */
export async function submitMonthlyReport(db: Db, actor: Actor, id: number, now = new Date()): Promise<{ report: MonthlyReport; version: number; again: boolean } | null> {
  const [report] = await db.select().from(monthlyReports).where(and(eq(monthlyReports.id, id), scopeCondition(actor, "monthly_report", "write"))).for("update");
  if (!report) return null;
  if (report.status === "submitted") return { report, version: report.version, again: true };
  if (report.status === "accepted") throw new DomainError("report_locked", "The report is accepted.");
  const figures: MonthlyFigures = await draftFigures(db, actor, report, now);
  const version = report.version + 1;
  await db.insert(monthlyReportVersions).values({ reportId: id, version, ...frozenVersion(report, figures, actor, now) });
  const [row] = await db
    .update(monthlyReports)
    .set({ status: "submitted", version, submittedAt: now, reviewNote: null, updatedAt: now })
    .where(eq(monthlyReports.id, id))
    .returning();
  const place = await placeNames(db, row.countyId);
  await noticeStaff(
    db,
    await usersWithRole(db, "provincial", row.provinceId),
    { key: version > 1 ? "notice-report-resubmitted" : "notice-report-submitted", params: { county: place.county, month: monthNames(row) }, button: { key: "btn-open-report", data: `mr:${row.id}` } },
    `mr:${row.id}:v${version}`,
  );
  return { report: row, version, again: false };
}

/** The provincial representative's decision on a submitted report; the assistant is told. Throws not_submitted, note_required. */
export async function reviewMonthlyReport(db: Db, actor: Actor, id: number, decision: "accepted" | "returned", note: string | null, now = new Date()): Promise<MonthlyReport | null> {
  const [report] = await db.select().from(monthlyReports).where(and(eq(monthlyReports.id, id), scopeCondition(actor, "monthly_report", "review"))).for("update");
  if (!report) return null;
  if (report.status === decision) return report; // a double tap
  if (report.status !== "submitted") throw new DomainError("not_submitted", "Only a submitted report can be accepted or returned.");
  if (decision === "returned" && !note) throw new DomainError("note_required", "A returned report needs a note saying what to change.");
  const reviewer = "userId" in actor ? actor.userId : null;
  await db
    .update(monthlyReportVersions)
    .set({ decision, decisionNote: note, decidedBy: reviewer, decidedAt: now })
    .where(and(eq(monthlyReportVersions.reportId, id), eq(monthlyReportVersions.version, report.version)));
  const [row] = await db
    .update(monthlyReports)
    .set({ status: decision, reviewedAt: now, reviewerId: reviewer, reviewNote: note, updatedAt: now })
    .where(eq(monthlyReports.id, id))
    .returning();
  if (row.assistantId) {
    await noticeStaff(
      db,
      [row.assistantId],
      { key: decision === "accepted" ? "notice-report-accepted" : "notice-report-returned", params: { month: monthNames(row), note: note ?? "" } },
      `mr:${row.id}:v${row.version}:${decision}`,
    );
  }
  return row;
}

/** Reports the actor may read, newest month first; `status` narrows (e.g. submitted, awaiting review). */
export async function listMonthlyReports(db: Db, actor: Actor, f: { status?: string[]; month?: JalaliMonth; provinceId?: number; countyId?: number } = {}) {
  const rows = await db
    .select({ r: monthlyReports, county: { fa: counties.nameFa, en: counties.nameEn }, province: { fa: provinces.nameFa, en: provinces.nameEn } })
    .from(monthlyReports)
    .innerJoin(counties, eq(counties.id, monthlyReports.countyId))
    .innerJoin(provinces, eq(provinces.id, monthlyReports.provinceId))
    .where(
      and(
        scopeCondition(actor, "monthly_report", "read"),
        f.status?.length ? inArray(monthlyReports.status, f.status) : undefined,
        f.month ? and(eq(monthlyReports.jYear, f.month.jy), eq(monthlyReports.jMonth, f.month.jm)) : undefined,
        f.provinceId ? eq(monthlyReports.provinceId, f.provinceId) : undefined,
        f.countyId ? eq(monthlyReports.countyId, f.countyId) : undefined,
      ),
    )
    .orderBy(desc(monthlyReports.jYear), desc(monthlyReports.jMonth), asc(counties.id))
    .limit(500);
  return rows.sort((a, b) => b.r.jYear - a.r.jYear || b.r.jMonth - a.r.jMonth || comparePersian(a.county.fa, b.county.fa));
}

/** Every submitted version of a report, oldest first. */
export async function reportVersions(db: Db, reportId: number): Promise<MonthlyReportVersion[]> {
  return db.select().from(monthlyReportVersions).where(eq(monthlyReportVersions.reportId, reportId)).orderBy(asc(monthlyReportVersions.version));
}

async function placeNames(db: Db, countyId: number) {
  const [row] = await db.select({ fa: counties.nameFa, en: counties.nameEn }).from(counties).where(eq(counties.id, countyId));
  return { county: { fa: row?.fa ?? "", en: row?.en ?? "" } };
}

const monthNames = (r: MonthlyReport) => ({ fa: monthName({ jy: r.jYear, jm: r.jMonth }, "fa"), en: monthName({ jy: r.jYear, jm: r.jMonth }, "en") });
