import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOfJalaliDay, tehranTime } from "../../core/jalali-calendar.ts";
import { quarterlyComplaintAnalysis } from "../../cron/quarterly-complaint-analysis.ts";
import { rowsOf } from "../../db/rows.ts";
import { createApiKey } from "../../core/api-keys.ts";
import type { Database, Db } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf, makeCase, region } from "./api-v1-fixtures.ts";

// GET /v1/reports/complaints: a quarter's analysis as each key may read it, as JSON and as CSV.

let database: Database;
let db: Db;
let app: FastifyInstance;
let esf: { provinceId: number; countyIds: number[] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  app = await apiApp(db);
  esf = await region(db, "ESF");
});

const filedOn = async (spec: Parameters<typeof makeCase>[1], jm: number, jd: number) => {
  const c = await makeCase(db, spec);
  await db.execute(sql`update cases set created_at = ${startOfJalaliDay({ jy: 1405, jm, jd }).toISOString()} where id = ${c.id}`);
  return c;
};

beforeEach(async () => {
  await resetUserData(database);
  await filedOn({ agency: "tamin" }, 7, 3);
  await filedOn({ agency: "tamin", kind: "request" }, 9, 28);
  await filedOn({ agency: "water", province: "ESF", county: esf.countyIds[0] }, 8, 1);
  await filedOn({ agency: "tamin" }, 10, 1); // the next quarter
});

const get = (url: string, headers: Record<string, string>) => app.inject({ url, headers });

describe("GET /v1/reports/complaints", () => {
  it("answers the analysis the quarterly job kept once it has run, and says when it was made", async () => {
    const admin = await bearer(db, null);
    const before = (await get("/v1/reports/complaints?period=1405-Q3&agency=tamin", admin)).json();
    expect(before).toMatchObject({ filed: 2, kept_at: null });
    await quarterlyComplaintAnalysis.run({ db, adminPlatformIds: new Set() }, { name: "1405-Q3", dueAt: tehranTime({ jy: 1405, jm: 10, jd: 1 }, 7) });
    // A case filed late into the quarter after the analysis was made does not change what was sent.
    await filedOn({ agency: "tamin" }, 8, 5);
    const kept = (await get("/v1/reports/complaints?period=1405-Q3&agency=tamin", admin)).json();
    expect(kept.filed).toBe(2);
    expect(Date.parse(kept.kept_at)).toBeGreaterThan(0);
    const agencyKey = await bearer(db, "tamin");
    expect((await get("/v1/reports/complaints?period=1405-Q3", agencyKey)).json()).toMatchObject({ filed: 2, kept_at: kept.kept_at });
    // A key limited to a unit (Tamin's Isfahan office) reads its region's figures, never the agency-wide kept ones.
    const [unit] = rowsOf(await db.execute(sql`select u.id from agency_units u join agencies a on a.id = u.agency_id join provinces p on p.id = u.province_id where a.code = 'tamin' and p.code = 'ESF' and u.county_id is null`));
    const { key } = await createApiKey(db, { agencyCode: "tamin", name: "esf", unitId: Number(unit.id) });
    expect((await get("/v1/reports/complaints?period=1405-Q3", { authorization: `Bearer ${key}` })).json()).toMatchObject({ filed: 0, kept_at: null });
    // A combination no job makes is computed now.
    expect((await get("/v1/reports/complaints?period=1405-Q3&agency=tamin&province=thr", admin)).json()).toMatchObject({ filed: 3, kept_at: null });
  });

  it("answers an admin key the whole quarter, narrowed by province or agency", async () => {
    const admin = await bearer(db, null);
    const all = await get("/v1/reports/complaints?period=1405-Q3", admin);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ period: "1405-Q3", filed: 3, by_kind: { complaint: 2, request: 1 }, agency: null, province: null });
    expect((await get("/v1/reports/complaints?period=1405-Q3&province=esf", admin)).json()).toMatchObject({ filed: 1, province: "ESF" });
    expect((await get("/v1/reports/complaints?period=۱۴۰۵-Q3&agency=tamin", admin)).json()).toMatchObject({ filed: 2, agency: "tamin" });
  });

  it("answers an agency key its own agency's cases only, and refuses another agency", async () => {
    const tamin = await bearer(db, "tamin");
    expect((await get("/v1/reports/complaints?period=1405-Q3", tamin)).json()).toMatchObject({ filed: 2 });
    const foreign = await get("/v1/reports/complaints?period=1405-Q3&agency=water", tamin);
    expect(foreign.statusCode).toBe(400);
    expect(errorOf(foreign).code).toBe("foreign_agency");
  });

  it("writes CSV with a byte-order mark and Persian labels", async () => {
    const res = await get("/v1/reports/complaints?period=1405-Q3", { ...(await bearer(db, null)), accept: "text/csv" });
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.payload).toContain("پرونده‌های ثبت‌شده,filed,3");
  });

  it("writes XLSX that opens with Persian labels and the same figures", async () => {
    const res = await get("/v1/reports/complaints?period=1405-Q3&format=xlsx", await bearer(db, null));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("complaints-1405-Q3.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, "شاخص", "indicator", "مقدار"]);
    expect(sheet.getRow(2).values).toEqual([undefined, "پرونده‌های ثبت‌شده", "filed", 3]);
  });

  it("answers empty figures for a quarter without cases, and 400 for what is not a quarter", async () => {
    const admin = await bearer(db, null);
    expect((await get("/v1/reports/complaints?period=1399-Q1", admin)).json()).toMatchObject({ filed: 0, answered_in_time_share: null, response_working_days: { median: null } });
    const bad = await get("/v1/reports/complaints?period=1405-09", admin);
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe("invalid_period");
    expect((await get("/v1/reports/complaints?period=1405-Q3&province=XX", admin)).statusCode).toBe(400);
  });
});
