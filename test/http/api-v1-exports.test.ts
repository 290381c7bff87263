import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOfJalaliDay } from "../../core/jalali-calendar.ts";
import type { Database, Db } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

// GET /v1/exports/cases: the cases a key may read, as CSV and as XLSX that open with Persian headers.

let database: Database;
let db: Db;
let app: FastifyInstance;
let codes: { tamin: string[]; water: string[] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  app = await apiApp(db);
});

const filedOn = async (agency: string, jd: number) => {
  const c = await makeCase(db, { agency, subject: `موضوع «${agency}», با ویرگول` });
  await db.execute(sql`update cases set created_at = ${new Date(startOfJalaliDay({ jy: 1405, jm: 9, jd }).getTime() + 3_600_000).toISOString()}, close_cause = ${agency === "tamin" ? "resources" : null} where id = ${c.id}`);
  return c.code;
};

beforeEach(async () => {
  await resetUserData(database);
  codes = { tamin: [await filedOn("tamin", 2), await filedOn("tamin", 3)], water: [await filedOn("water", 4)] };
  await filedOn("tamin", 30).then(async (code) => db.execute(sql`update cases set created_at = ${startOfJalaliDay({ jy: 1405, jm: 10, jd: 2 }).toISOString()} where tracking_code = ${code}`));
});

describe("GET /v1/exports/cases", () => {
  it("writes the key's own cases of the period as CSV with a byte-order mark and Persian headers", async () => {
    const res = await app.inject({ url: "/v1/exports/cases?period=1405-09", headers: await bearer(db, "tamin") });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("cases-1405-09.csv");
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.payload.slice(1).trim().split("\n");
    expect(lines[0]).toMatch(/^کد رهگیری,نوع,وضعیت,دستگاه/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual([...codes.tamin].sort());
    // A comma in a subject is quoted, not a new column; both calendars are there.
    expect(lines[1]).toContain('"موضوع «tamin», با ویرگول"');
    expect(lines[1]).toMatch(/۱۴۰۵\/۰?۹\/۰?۲|۱۴۰۵/);
    expect(lines[1]).toMatch(/2026-11-2\dT/);
    expect(lines[1]).toContain("کمبود منابع");
    expect(lines[1]).toContain(",resources");
  });

  it("writes XLSX that opens with the same rows, right to left", async () => {
    const res = await app.inject({ url: "/v1/exports/cases?period=1405-Q3&format=xlsx", headers: await bearer(db, null) });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("کد رهگیری");
    expect(sheet.rowCount).toBe(4); // header + three cases of Azar (Q3); Dey is Q4
    expect(sheet.views[0]).toMatchObject({ rightToLeft: true });
  });

  it("writes Persian labels under Persian headers, the codes in columns of their own, and columns wide enough to read", async () => {
    // One of Tamin's cases was closed with a cause, then reopened by an objection: its cause no longer stands.
    await db.execute(sql`update cases set status = 'reopened' where tracking_code = ${codes.tamin[1]}`);
    const res = await app.inject({ url: "/v1/exports/cases?period=1405-09&format=xlsx", headers: await bearer(db, "tamin") });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (code: string) => {
      const r = sheet.getRows(2, sheet.rowCount - 1)!.find((x) => x.getCell(1).value === code)!;
      return Object.fromEntries(header.map((h, i) => [h as string, r.getCell(i + 1).value]));
    };
    const closed = row(codes.tamin[0]);
    expect(closed).toMatchObject({ "نوع": "شکایت", "وضعیت": "ثبت شد", "راه ثبت": "گفتگو با ربات", "علت": "کمبود منابع" });
    expect(closed).toMatchObject({ "کد نوع": "complaint", "کد وضعیت": "received", "کد راه ثبت": "bot", "کد علت": "resources" });
    const reopened = row(codes.tamin[1]);
    expect(reopened).toMatchObject({ "وضعیت": "بازگشایی شد", "کد وضعیت": "reopened" });
    expect(reopened["علت"] ?? null).toBeNull();
    expect(reopened["کد علت"] ?? null).toBeNull();
    // No English code under a Persian header outside the code columns.
    for (const [h, v] of Object.entries(closed)) if (!h.startsWith("کد") && !h.includes("ISO") && typeof v === "string") expect(v, h).not.toMatch(/^[a-z_]+$/);
    expect(sheet.getColumn(header.indexOf("عنوان") + 1).width).toBeGreaterThanOrEqual(30);
    expect(sheet.getColumn(header.indexOf("ثبت (ISO)") + 1).width).toBeGreaterThanOrEqual(20);
  });

  it("refuses a period it cannot read, with a JSON body", async () => {
    const res = await app.inject({ url: "/v1/exports/cases?period=azar", headers: await bearer(db, null) });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe("invalid_period");
    const reversed = await app.inject({ url: "/v1/exports/cases?from=2026-12-01&to=2026-11-01", headers: await bearer(db, null) });
    expect(reversed.statusCode).toBe(400);
  });
});
