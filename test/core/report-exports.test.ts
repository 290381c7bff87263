import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../core/access.ts";
import type { ExportRange } from "../../core/export-cells.ts";
import { startOfJalaliDay } from "../../core/jalali-calendar.ts";
import { parsePeriod } from "../../core/jalali-periods.ts";
import { monthlyReportExport } from "../../core/monthly-report-exports.ts";
import { quarterlyReportExport } from "../../core/quarterly-report-exports.ts";
import { openQuarterlyReport, saveQuarterlySection, submitQuarterlyReport } from "../../core/quarterly-reports.ts";
import type { Database, Db } from "../../db/client.ts";
import { monthlyReports } from "../../db/schema.ts";
import { agencyId, region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { monthlyReportWith, provincialActor } from "../support/reports.ts";
import { exportedRows } from "../support/surveys.ts";

// The monthly and quarterly report exports as each actor gets them: the reports it may read, of the months
// (or quarters) that start in the range, as last submitted; a ministry's representative its agency's share.

let database: Database;
let db: Db;
let thr: { provinceId: number; countyIds: number[] };
let esf: { provinceId: number; countyIds: number[] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
  esf = await region(db, "ESF");
});

const afterQ3 = startOfJalaliDay({ jy: 1405, jm: 10, jd: 15 });
const reviewedAt = new Date("2026-12-10T08:00:00.000Z");

beforeEach(async () => {
  await resetUserData(database);
  const [a, b] = thr.countyIds;
  const p = thr.provinceId;
  const accepted = await monthlyReportWith(db, {
    countyId: a,
    provinceId: p,
    month: { jy: 1405, jm: 9 },
    status: "accepted",
    narrative: "شرح آذر",
    obstacles: "-کمبود اعتبار",
    versions: [{ activities: 3, participants: 40, proposals: 2, done: 1, cases: { tamin: [2, 1, 1], water: [5, 4, 0] }, linked: { tamin: 1 } }],
  });
  await db.update(monthlyReports).set({ reviewedAt }).where(eq(monthlyReports.id, accepted));
  await monthlyReportWith(db, { countyId: b, provinceId: p, month: { jy: 1405, jm: 8 }, status: "submitted", versions: [{ activities: 1 }] });
  await monthlyReportWith(db, { countyId: b, provinceId: p, month: { jy: 1405, jm: 7 }, status: "draft" });
  await monthlyReportWith(db, { countyId: esf.countyIds[0], provinceId: esf.provinceId, month: { jy: 1405, jm: 9 }, status: "submitted", versions: [{ activities: 7 }] });
  await monthlyReportWith(db, { countyId: a, provinceId: p, month: { jy: 1405, jm: 10 }, status: "submitted", versions: [{ activities: 2 }] });
});

const q3 = parsePeriod("1405-Q3")!;
const monthly = async (actor: Actor, range: ExportRange = q3) => {
  const sheet = monthlyReportExport(db, actor, range, 1);
  return { header: sheet.columns.map((c) => c.fa), rows: await exportedRows(sheet) };
};
const ADMIN: Actor = { kind: "admin", userId: 1 };

describe("the monthly report export", () => {
  it("gives an admin each report of the quarter's months as last submitted, oldest month first, never a draft", async () => {
    const { rows } = await monthly(ADMIN);
    expect(rows.map((r) => r["دوره"])).toEqual(["1405-08", "1405-09", "1405-09"]);
    const tehran = rows.find((r) => r["دوره"] === "1405-09" && r["کد استان"] === "THR")!;
    expect(tehran).toMatchObject({ "ماه": "آذر ۱۴۰۵", "وضعیت": "accepted", "نسخه": 1, "فعالیت‌ها": 3, "شرکت‌کنندگان": 40, "به نتیجه رسیده": 1, "پرونده‌های ثبت‌شده": 7, "پرونده‌های پاسخ داده‌شده": 5, "پرونده‌های گذشته از مهلت": 1 });
    expect(tehran["بررسی (ISO)"]).toBe(reviewedAt.toISOString());
    expect(tehran["بررسی (شمسی)"]).toContain("۱۹ آذر ۱۴۰۵");
    expect(tehran["ارسال (ISO)"]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(tehran["شرح عملکرد"]).toBe("شرح آذر");
    expect(tehran["موانع"]).toBe("'-کمبود اعتبار");
  });

  it("gives an assistant its county's and a provincial representative its province's", async () => {
    const [a] = thr.countyIds;
    const assistant = await monthly({ kind: "assistant", userId: 1, countyId: a, provinceId: thr.provinceId });
    expect(assistant.rows.map((r) => r["دوره"])).toEqual(["1405-09"]);
    const provincial = await monthly({ kind: "provincial", userId: 1, provinceId: thr.provinceId });
    expect(provincial.rows.map((r) => `${r["دوره"]} ${r["کد استان"]}`)).toEqual(["1405-08 THR", "1405-09 THR"]);
  });

  it("gives a ministry's representative its agency's share of every report and none of the texts", async () => {
    const { header, rows } = await monthly({ kind: "ministry", userId: 1, agencyId: await agencyId(db, "tamin") });
    expect(header).not.toContain("موانع");
    expect(header).not.toContain("فعالیت‌ها");
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r["دوره"] === "1405-09" && r["کد استان"] === "THR")).toMatchObject({
      "کد دستگاه": "tamin",
      "فعالیت‌های مرتبط با دستگاه": 1,
      "پرونده‌های ثبت‌شدهٔ دستگاه": 2,
      "پرونده‌های پاسخ داده‌شدهٔ دستگاه": 1,
      "پرونده‌های گذشته از مهلت دستگاه": 1,
    });
  });

  it("takes the months that start within a from–to range, and a year's twelve", async () => {
    const midAzarToMidDey = { from: startOfJalaliDay({ jy: 1405, jm: 9, jd: 15 }), to: startOfJalaliDay({ jy: 1405, jm: 10, jd: 15 }) };
    expect((await monthly(ADMIN, midAzarToMidDey)).rows.map((r) => r["دوره"])).toEqual(["1405-10"]);
    expect((await monthly(ADMIN, parsePeriod("1405")!)).rows).toHaveLength(4);
    expect((await monthly(ADMIN, parsePeriod("1404-Q1")!)).rows).toEqual([]);
  });
});

describe("the quarterly report export", () => {
  beforeEach(async () => {
    const rep = await provincialActor(db, thr.provinceId);
    const q = await openQuarterlyReport(db, rep, { jy: 1405, quarter: 3 }, afterQ3);
    await saveQuarterlySection(db, rep, q.id, "narrative", "شرح فصل تهران");
    await submitQuarterlyReport(db, rep, q.id, { now: afterQ3 });
  });

  const quarterly = async (actor: Actor, range: ExportRange = parsePeriod("1405")!) => {
    const sheet = quarterlyReportExport(db, actor, range);
    return { header: sheet.columns.map((c) => c.fa), rows: await exportedRows(sheet) };
  };

  it("gives an admin each province's report with its totals from the counties' reports", async () => {
    const { rows } = await quarterly(ADMIN);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ "دوره": "1405-Q3", "فصل": "پاییز ۱۴۰۵", "کد استان": "THR", "وضعیت": "submitted", "نسخه": 1, "گزارش‌های ماهانهٔ رسیده": 2, "فعالیت‌ها": 4, "شرح عملکرد": "شرح فصل تهران" });
    expect(rows[0]["ارسال (ISO)"]).toBe(afterQ3.toISOString());
    expect(rows[0]["ارسال (شمسی)"]).toContain("۱۵ دی ۱۴۰۵");
  });

  it("gives another province's representative nothing, an assistant nothing, and a ministry its share", async () => {
    expect((await quarterly({ kind: "provincial", userId: 1, provinceId: esf.provinceId })).rows).toEqual([]);
    expect((await quarterly({ kind: "assistant", userId: 1, countyId: thr.countyIds[0], provinceId: thr.provinceId })).rows).toEqual([]);
    const ministry = await quarterly({ kind: "ministry", userId: 1, agencyId: await agencyId(db, "tamin") });
    expect(ministry.header).not.toContain("شرح عملکرد");
    expect(ministry.rows[0]).toMatchObject({ "کد دستگاه": "tamin", "پرونده‌های ثبت‌شدهٔ دستگاه": 2 });
  });

  it("takes the quarters that start within the range", async () => {
    expect((await quarterly(ADMIN, parsePeriod("1405-Q3")!)).rows).toHaveLength(1);
    expect((await quarterly(ADMIN, parsePeriod("1405-Q4")!)).rows).toEqual([]);
    // Mid Azar to mid Dey holds the start of Q4 only.
    expect((await quarterly(ADMIN, { from: startOfJalaliDay({ jy: 1405, jm: 9, jd: 15 }), to: startOfJalaliDay({ jy: 1405, jm: 10, jd: 15 }) })).rows).toEqual([]);
    expect((await quarterly(ADMIN, { from: startOfJalaliDay({ jy: 1405, jm: 6, jd: 15 }), to: startOfJalaliDay({ jy: 1405, jm: 7, jd: 2 }) })).rows).toHaveLength(1);
  });
});
