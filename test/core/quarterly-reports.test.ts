import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOfJalaliDay } from "../../core/jalali-calendar.ts";
import { quarterAgencyShare, quarterlyFigures } from "../../core/quarterly-figures.ts";
import { findQuarterlyReport, openQuarterlyReport, quarterlyVersions, reportableQuarters, saveQuarterlySection, submitQuarterlyReport } from "../../core/quarterly-reports.ts";
import { recurringPhrases } from "../../core/recurring-phrases.ts";
import { upsertUser } from "../../core/users.ts";
import type { Database, Db } from "../../db/client.ts";
import type { Actor } from "../../core/access.ts";
import { outbox } from "../../db/schema.ts";
import { agencyId, region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { adminUser, monthlyReportWith, provincialActor } from "../support/reports.ts";

/** The figures as the operator counts them (every record): the tests here are about the arithmetic. */
const SYSTEM: Actor = { kind: "system" };

let database: Database;
let db: Db;
let thr: { provinceId: number; countyIds: number[] };
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
});
beforeEach(() => resetUserData(database));

const mehr = { jy: 1405, jm: 7 };
const aban = { jy: 1405, jm: 8 };
const azar = { jy: 1405, jm: 9 };
/** Mid Dey 1405: the whole of Q3 1405 (Mehr–Azar) has ended. */
const afterQ3 = startOfJalaliDay({ jy: 1405, jm: 10, jd: 15 });
const tehranMinuteBefore = (d: Date) => new Date(d.getTime() - 60_000);

describe("the quarter's figures, drafted from the counties' monthly reports", () => {
  it("sums the counts of each county-month's latest submitted version, not earlier versions or drafts", async () => {
    const [a, b] = thr.countyIds;
    const p = thr.provinceId;
    await monthlyReportWith(db, { countyId: a, provinceId: p, month: mehr, status: "accepted", versions: [{ activities: 9, participants: 90 }, { activities: 3, participants: 40, meetings: 2, proposals: 2, done: 1, cases: { tamin: [2, 1, 1] }, linked: { tamin: 1 } }] });
    await monthlyReportWith(db, { countyId: a, provinceId: p, month: aban, status: "submitted", versions: [{ activities: 2, participants: 10, meetings: 1, cases: { water: [1, 1, 0], tamin: [1, 0, 0] }, linked: { water: 2 } }] });
    await monthlyReportWith(db, { countyId: b, provinceId: p, month: mehr, status: "returned", versions: [{ activities: 5, participants: 7, proposals: 1 }] });
    await monthlyReportWith(db, { countyId: b, provinceId: p, month: aban, status: "draft" });

    const f = await quarterlyFigures(db, SYSTEM, p, 1405, 3, afterQ3);
    expect(f.months).toEqual(["1405-07", "1405-08", "1405-09"]);
    expect(f.totals.reports).toBe(3);
    expect(f.totals.activities).toMatchObject({ total: 10, participants: 57 });
    expect(f.totals.activities.byKind.topical_meeting).toBe(3);
    expect(f.totals.proposals).toMatchObject({ total: 3, byProgress: { reported: 2, done: 1 } });
    expect(f.totals.cases).toMatchObject({ filed: 4, answered: 2, overdue: 1 });
    const [tamin, water] = [await agencyId(db, "tamin"), await agencyId(db, "water")];
    expect(f.totals.cases.byAgency.map((x) => [x.code, x.filed, x.answered, x.overdue])).toEqual([
      ["tamin", 3, 1, 1],
      ["water", 1, 1, 0],
    ]);
    expect(quarterAgencyShare(f, tamin)).toEqual({ activitiesLinked: 1, cases: { filed: 3, answered: 1, overdue: 1 } });
    expect(quarterAgencyShare(f, water)).toEqual({ activitiesLinked: 2, cases: { filed: 1, answered: 1, overdue: 0 } });
  });

  it("lists every county of the province with each month's status, and as late those whose ended months lack a submitted or accepted report", async () => {
    const [a, b] = thr.countyIds;
    const p = thr.provinceId;
    await monthlyReportWith(db, { countyId: a, provinceId: p, month: mehr, status: "accepted" });
    await monthlyReportWith(db, { countyId: a, provinceId: p, month: azar, status: "submitted" });
    await monthlyReportWith(db, { countyId: b, provinceId: p, month: mehr, status: "returned" });
    await monthlyReportWith(db, { countyId: b, provinceId: p, month: aban, status: "draft" });

    const midAzar = startOfJalaliDay({ jy: 1405, jm: 9, jd: 15 });
    const f = await quarterlyFigures(db, SYSTEM, p, 1405, 3, midAzar);
    expect(f.counties).toHaveLength(thr.countyIds.length);
    const statuses = (id: number) => f.counties.find((c) => c.countyId === id)!.months.map((m) => [m.status, m.late]);
    expect(statuses(a)).toEqual([["accepted", false], ["missing", true], ["submitted", false]]);
    expect(statuses(b)).toEqual([["returned", true], ["draft", true], ["missing", false]]);
    expect(f.late.find((c) => c.countyId === a)?.months).toEqual(["1405-08"]);
    expect(f.late.find((c) => c.countyId === b)?.months).toEqual(["1405-07", "1405-08"]);
    // Azar has not ended on 15 Azar: no county is late for it yet.
    expect(f.late.every((c) => !c.months.includes("1405-09"))).toBe(true);
    expect(f.late).toHaveLength(thr.countyIds.length);
  });

  it("finds the obstacles that recur in two counties, whatever keyboard they were typed on", async () => {
    const [a, b, c] = thr.countyIds;
    const p = thr.provinceId;
    await monthlyReportWith(db, { countyId: a, provinceId: p, month: mehr, status: "accepted", obstacles: "کمبود همکاری دستگاه‌ها در پاسخ به نامه‌ها", proposals: "میز خدمت سیار" });
    // Arabic kaf and yeh, and a space instead of the half-space.
    await monthlyReportWith(db, { countyId: b, provinceId: p, month: aban, status: "submitted", obstacles: "كمبود همكاري برخی دستگاه ها", proposals: "ایجاد میز خدمت در روستاها" });
    await monthlyReportWith(db, { countyId: c, provinceId: p, month: aban, status: "submitted", obstacles: "نبود بودجه و کمبود نیرو" });

    const f = await quarterlyFigures(db, SYSTEM, p, 1405, 3, afterQ3);
    expect(f.obstacles.map((o) => [o.countyId, o.month])).toEqual(expect.arrayContaining([[a, "1405-07"], [b, "1405-08"], [c, "1405-08"]]));
    expect(f.recurring.obstacles).toEqual([
      { phrase: "کمبود", countyIds: [a, b, c] },
      { phrase: "کمبود همکاری", countyIds: [a, b] },
      { phrase: "دستگاه", countyIds: [a, b] },
    ]);
    expect(f.recurring.proposals).toEqual([{ phrase: "میز خدمت", countyIds: [a, b] }]);
  });

  it("does not count a phrase repeated within one county", () => {
    expect(recurringPhrases([{ countyId: 1, text: "کمبود بودجه" }, { countyId: 1, text: "باز هم کمبود بودجه" }, { countyId: 2, text: "و در به از" }])).toEqual([]);
  });
});

describe("Jalali quarter edges", () => {
  it("keeps 30 Esfand of a leap year in Q4 (Dey–Esfand), and starts Q1 on 1 Farvardin at Tehran's midnight", () => {
    const nowruz1404 = startOfJalaliDay({ jy: 1404, jm: 1, jd: 1 });
    const lastEsfand1403 = startOfJalaliDay({ jy: 1403, jm: 12, jd: 30 });
    expect(reportableQuarters(lastEsfand1403)).toEqual([{ jy: 1403, quarter: 4 }, { jy: 1403, quarter: 3 }]);
    expect(reportableQuarters(tehranMinuteBefore(nowruz1404))).toEqual([{ jy: 1403, quarter: 4 }, { jy: 1403, quarter: 3 }]);
    expect(reportableQuarters(nowruz1404)).toEqual([{ jy: 1404, quarter: 1 }, { jy: 1403, quarter: 4 }]);
  });

  it("counts Esfand of a leap year as late only once 30 Esfand has ended", async () => {
    const nowruz1404 = startOfJalaliDay({ jy: 1404, jm: 1, jd: 1 });
    const before = await quarterlyFigures(db, SYSTEM, thr.provinceId, 1403, 4, tehranMinuteBefore(nowruz1404));
    expect(before.months).toEqual(["1403-10", "1403-11", "1403-12"]);
    expect(before.late[0].months).toEqual(["1403-10", "1403-11"]);
    const after = await quarterlyFigures(db, SYSTEM, thr.provinceId, 1403, 4, nowruz1404);
    expect(after.late[0].months).toEqual(["1403-10", "1403-11", "1403-12"]);
  });
});

describe("the quarterly report's lifecycle", () => {
  it("lets only the province's representative open this or the last quarter's report", async () => {
    const rep = await provincialActor(db, thr.provinceId);
    const report = await openQuarterlyReport(db, rep, { jy: 1405, quarter: 3 }, afterQ3);
    expect(report).toMatchObject({ provinceId: thr.provinceId, jYear: 1405, quarter: 3, status: "draft", version: 0 });
    expect((await openQuarterlyReport(db, rep, { jy: 1405, quarter: 3 }, afterQ3)).id).toBe(report.id);
    await expect(openQuarterlyReport(db, rep, { jy: 1405, quarter: 2 }, afterQ3)).rejects.toMatchObject({ code: "quarter_closed" });
    const assistant = { kind: "assistant" as const, userId: rep.userId, countyId: thr.countyIds[0], provinceId: thr.provinceId };
    await expect(openQuarterlyReport(db, assistant, { jy: 1405, quarter: 3 }, afterQ3)).rejects.toMatchObject({ code: "forbidden" });
    const other = await provincialActor(db, (await region(db, "ESF")).provinceId);
    expect(await findQuarterlyReport(db, other, report.id)).toBeNull();
    expect(await saveQuarterlySection(db, other, report.id, "narrative", "نفوذ")).toBeNull();
    expect(await submitQuarterlyReport(db, other, report.id, { now: afterQ3 })).toBeNull();
  });

  it("freezes the figures and sections as a version on submit and tells the admins, once", async () => {
    const p = thr.provinceId;
    await monthlyReportWith(db, { countyId: thr.countyIds[0], provinceId: p, month: mehr, status: "accepted", versions: [{ activities: 4 }] });
    const rep = await provincialActor(db, p);
    const byRole = await adminUser(db);
    const listed = await upsertUser(db, { platform: "telegram", platformUserId: 4242, firstName: "مدیر" });
    const report = await openQuarterlyReport(db, rep, { jy: 1405, quarter: 3 }, afterQ3);
    await saveQuarterlySection(db, rep, report.id, "obstacles", "کمبود بودجه");

    // 9999 is in ADMIN_IDS but never wrote to the bot: there is no chat to tell.
    const submitted = await submitQuarterlyReport(db, rep, report.id, { adminPlatformIds: new Set([4242, 9999]), now: afterQ3 });
    expect(submitted).toMatchObject({ version: 1, again: false, report: { status: "submitted" } });
    expect(await submitQuarterlyReport(db, rep, report.id, { adminPlatformIds: new Set([4242]), now: afterQ3 })).toMatchObject({ version: 1, again: true });
    const [v1] = await quarterlyVersions(db, report.id);
    expect(v1.obstacles).toBe("کمبود بودجه");
    expect((v1.figures as { totals: { activities: { total: number } } }).totals.activities.total).toBe(4);
    const notices = await db.select().from(outbox).where(eq(outbox.kind, "citizen_message"));
    expect(notices.map((n) => (n.payload as { userId: number }).userId).sort()).toEqual([byRole, listed.id].sort());
    expect(notices.every((n) => (n.payload as { key: string }).key === "notice-quarterly-submitted")).toBe(true);

    // Amending a submitted report makes it a draft again; the next submission is version 2.
    expect((await saveQuarterlySection(db, rep, report.id, "proposals", "بودجهٔ ویژه"))?.status).toBe("draft");
    expect(await submitQuarterlyReport(db, rep, report.id, { now: afterQ3 })).toMatchObject({ version: 2, again: false });
    expect((await quarterlyVersions(db, report.id)).map((v) => [v.version, v.proposals])).toEqual([[1, null], [2, "بودجهٔ ویژه"]]);
  });
});
