import ExcelJS from "exceljs";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { XLSX } from "../../core/spreadsheets.ts";
import type { Database, Db } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { monthlyReportWith } from "../support/reports.ts";
import { caseWithSurvey } from "../support/surveys.ts";
import { apiApp, bearer, errorOf, region } from "./api-v1-fixtures.ts";

// GET /v1/exports/surveys, /monthly-reports and /quarterly-reports: what the key may read, as CSV with a
// byte-order mark and as XLSX, under Persian headers with Jalali and ISO times.

let database: Database;
let db: Db;
let app: FastifyInstance;
let thr: { provinceId: number; countyIds: number[] };
let codes: { tamin: string[]; water: string };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  app = await apiApp(db);
  thr = await region(db, "THR");
});

beforeEach(async () => {
  await resetUserData(database);
  codes = {
    tamin: [
      await caseWithSurvey(db, { agency: "tamin", askedOn: { jy: 1405, jm: 9, jd: 5 }, answer: { solved: "no", rating: 2, comment: "پاسخ قانع‌کننده نبود" } }),
      await caseWithSurvey(db, { agency: "tamin", province: "ESF", askedOn: { jy: 1405, jm: 9, jd: 6 } }),
    ],
    water: await caseWithSurvey(db, { agency: "water", askedOn: { jy: 1405, jm: 9, jd: 7 }, answer: { solved: "yes", rating: 5 } }),
  };
  await monthlyReportWith(db, {
    countyId: thr.countyIds[0],
    provinceId: thr.provinceId,
    month: { jy: 1405, jm: 9 },
    status: "submitted",
    obstacles: "کمبود همکاری دستگاه‌ها",
    versions: [{ activities: 3, cases: { tamin: [2, 1, 1], water: [5, 4, 0] } }],
  });
});

const get = async (url: string, auth: { authorization: string }, headers: Record<string, string> = {}) => app.inject({ url, headers: { ...auth, ...headers } });
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const csvLines = (res: LightMyRequestResponse) => res.payload.replace(/^\uFEFF/, "").trim().split("\n");

async function sheetOf(res: LightMyRequestResponse) {
  expect(res.headers["content-type"]).toBe(XLSX);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as never);
  return book.worksheets[0];
}

describe("GET /v1/exports/surveys", () => {
  it("gives an agency key its own agency's surveys as CSV with a byte-order mark, Persian headers and both calendars", async () => {
    const res = await get("/v1/exports/surveys?period=1405-09", await bearer(db, "tamin"));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="surveys-1405-09.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(BOM);
    const lines = csvLines(res);
    expect(lines[0]).toMatch(/^کد رهگیری,نوع,دستگاه,کد دستگاه,موضوع دستگاه,استان,شهرستان,پرسش \(شمسی\),پرسش \(ISO\)/);
    expect(lines[0]).toMatch(/,نظر شهروند$/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(codes.tamin);
    expect(lines[1]).toContain("۵ آذر ۱۴۰۵");
    expect(lines[1]).toContain("2026-11-26T06:30:00.000Z");
    expect(lines[1]).toContain("پاسخ قانع‌کننده نبود");
    expect(res.payload).not.toContain(codes.water);
  });

  it("answers XLSX when Accept asks for it, with the Persian header row, right to left", async () => {
    const res = await get("/v1/exports/surveys?period=1405-Q3", await bearer(db, null), { accept: XLSX });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="surveys-1405-Q3.xlsx"');
    const sheet = await sheetOf(res);
    expect(sheet.getRow(1).getCell(1).value).toBe("کد رهگیری");
    expect(sheet.rowCount).toBe(4);
    expect(sheet.views[0]).toMatchObject({ rightToLeft: true });
  });

  it("writes only the header for a period without surveys", async () => {
    const res = await get("/v1/exports/surveys?period=۱۴۰۴", await bearer(db, null));
    expect(res.statusCode).toBe(200);
    expect(csvLines(res)).toHaveLength(1);
    const xlsx = await get("/v1/exports/surveys?from=2020-01-01&to=2020-02-01&format=xlsx", await bearer(db, null));
    expect(xlsx.statusCode).toBe(200);
    expect((await sheetOf(xlsx)).rowCount).toBe(1);
  });

  it("needs the surveys:read scope", async () => {
    const res = await get("/v1/exports/surveys?period=1405-09", await bearer(db, "tamin", ["cases:read"]));
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe("insufficient_scope");
  });
});

describe("GET /v1/exports/monthly-reports", () => {
  it("gives an admin key each report whole as XLSX, in both calendars", async () => {
    const res = await get("/v1/exports/monthly-reports?period=1405-Q3&format=xlsx", await bearer(db, null));
    expect(res.statusCode).toBe(200);
    const sheet = await sheetOf(res);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(["دوره", "ماه", "کد استان"]);
    expect(header).toEqual(expect.arrayContaining(["ارسال (شمسی)", "ارسال (ISO)", "فعالیت‌ها", "موانع"]));
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(header.indexOf("موانع") + 1).value).toBe("کمبود همکاری دستگاه‌ها");
    expect(String(row.getCell(header.indexOf("ارسال (ISO)") + 1).value)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("gives an agency key its agency's share as CSV, without the texts", async () => {
    const res = await get("/v1/exports/monthly-reports?period=1405-09", await bearer(db, "tamin"));
    expect(res.statusCode).toBe(200);
    const [header, row] = csvLines(res);
    expect(header).toMatch(/کد دستگاه,فعالیت‌های مرتبط با دستگاه,پرونده‌های ثبت‌شدهٔ دستگاه/);
    expect(header).not.toContain("موانع");
    expect(row).toMatch(/,tamin,0,2,1,1$/);
    expect(res.payload).not.toContain("کمبود همکاری");
  });
});

describe("GET /v1/exports/quarterly-reports", () => {
  it("writes only the header for a year without reports", async () => {
    const res = await get("/v1/exports/quarterly-reports?period=1405&format=xlsx", await bearer(db, null));
    expect(res.statusCode).toBe(200);
    const sheet = await sheetOf(res);
    expect(sheet.rowCount).toBe(1);
    expect(sheet.getRow(1).getCell(1).value).toBe("دوره");
  });

  it("refuses a month, which no quarterly report covers, and says what it takes", async () => {
    const res = await get("/v1/exports/quarterly-reports?period=1405-09", await bearer(db, null));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: "invalid_period" });
    expect(errorOf(res).message).toContain("a quarter (1405-Q3)");
  });
});

describe("bad input to an export", () => {
  it.each([
    ["/v1/exports/surveys", "invalid_period"],
    ["/v1/exports/surveys?period=azar", "invalid_period"],
    ["/v1/exports/monthly-reports?period=1405-13", "invalid_period"],
    ["/v1/exports/monthly-reports?from=1405-09-01", "invalid_period"],
    ["/v1/exports/surveys?from=2026-12-01&to=2026-11-01", "invalid_period"],
  ])("answers 400 with a JSON body for %s", async (url, code) => {
    const res = await get(url, await bearer(db, null));
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(errorOf(res).code).toBe(code);
  });

  it("answers 400 naming the field for an unknown format", async () => {
    const res = await get("/v1/exports/monthly-reports?period=1405-09&format=pdf", await bearer(db, null));
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(res))).toContain("format");
  });
});
