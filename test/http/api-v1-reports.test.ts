import type { FastifyInstance } from "fastify";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOfJalaliDay } from "../../core/jalali-calendar.ts";
import { openQuarterlyReport, saveQuarterlySection, submitQuarterlyReport } from "../../core/quarterly-reports.ts";
import type { Database, Db } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { monthlyReportWith, provincialActor } from "../support/reports.ts";
import { apiApp, bearer, errorOf, region } from "./api-v1-fixtures.ts";

let database: Database;
let db: Db;
let app: FastifyInstance;
let thr: { provinceId: number; countyIds: number[] };
let esf: { provinceId: number; countyIds: number[] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  app = await apiApp(db);
  thr = await region(db, "THR");
  esf = await region(db, "ESF");
});

const afterQ3 = startOfJalaliDay({ jy: 1405, jm: 10, jd: 15 });
const OBSTACLE = "کمبود همکاری دستگاه‌ها";

/** Two Tehran counties and one of Isfahan report in Q3 1405; Tehran's representative sends the quarter. */
beforeEach(async () => {
  await resetUserData(database);
  const [a, b] = thr.countyIds;
  await monthlyReportWith(db, {
    countyId: a,
    provinceId: thr.provinceId,
    month: { jy: 1405, jm: 9 },
    status: "accepted",
    narrative: "=HYPERLINK(\"http://x\")",
    obstacles: OBSTACLE,
    versions: [{ activities: 3, participants: 40, cases: { tamin: [2, 1, 1], water: [5, 4, 0] }, linked: { tamin: 1 } }],
  });
  await monthlyReportWith(db, { countyId: b, provinceId: thr.provinceId, month: { jy: 1405, jm: 7 }, status: "submitted", obstacles: "کمبود همکاري ادارات", versions: [{ activities: 1, cases: { tamin: [1, 1, 0] } }] });
  await monthlyReportWith(db, { countyId: b, provinceId: thr.provinceId, month: { jy: 1405, jm: 8 }, status: "draft" });
  await monthlyReportWith(db, { countyId: esf.countyIds[0], provinceId: esf.provinceId, month: { jy: 1405, jm: 9 }, status: "submitted", versions: [{ activities: 7 }] });
  await monthlyReportWith(db, { countyId: a, provinceId: thr.provinceId, month: { jy: 1405, jm: 6 }, status: "accepted", versions: [{ activities: 2 }] });
  const rep = await provincialActor(db, thr.provinceId);
  const q = await openQuarterlyReport(db, rep, { jy: 1405, quarter: 3 }, afterQ3);
  await saveQuarterlySection(db, rep, q.id, "narrative", "شرح فصل تهران");
  await submitQuarterlyReport(db, rep, q.id, { now: afterQ3 });
});

const get = async (url: string, auth: { authorization: string } | null, headers: Record<string, string> = {}) => app.inject({ url, headers: { ...(auth ?? {}), ...headers } });
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe("GET /v1/reports/monthly", () => {
  it("gives an admin key each report of the month whole, as last submitted", async () => {
    const res = await get("/v1/reports/monthly?period=1405-09", await bearer(db, null));
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.map((r: { period: string; province: { code: string } }) => [r.period, r.province.code])).toEqual([
      ["1405-09", "ESF"],
      ["1405-09", "THR"],
    ]);
    const tehran = data[1];
    expect(tehran).toMatchObject({ status: "accepted", version: 1, county: { id: thr.countyIds[0] }, obstacles: OBSTACLE, agency_share: null });
    expect(tehran.figures.activities).toMatchObject({ total: 3, participants: 40, by_agency: [{ agency: "tamin", n: 1 }] });
    expect(tehran.figures.cases).toMatchObject({ filed: 7, answered: 5, overdue: 1 });
    expect(tehran.figures.cases.by_agency.map((a: { agency: string }) => a.agency)).toEqual(["tamin", "water"]);
  });

  it("lists a quarter's three months, and narrows to a province (by code, any case) or a county (by id)", async () => {
    const admin = await bearer(db, null);
    const periods = async (url: string) => (await get(url, admin)).json().data.map((r: { period: string; county: { id: number } }) => `${r.period}:${r.county.id}`);
    const [a, b] = thr.countyIds;
    expect(await periods("/v1/reports/monthly?period=1405-Q3")).toEqual([`1405-09:${esf.countyIds[0]}`, `1405-09:${a}`, `1405-07:${b}`]);
    expect(await periods("/v1/reports/monthly?period=۱۴۰۵-Q3&province=thr")).toEqual([`1405-09:${a}`, `1405-07:${b}`]);
    expect(await periods(`/v1/reports/monthly?county=${a}`)).toEqual([`1405-09:${a}`, `1405-06:${a}`]);
  });

  it("gives an agency key only its agency's share: no texts, no figures, nothing of another agency", async () => {
    const res = await get("/v1/reports/monthly?period=1405-09&province=THR", await bearer(db, "tamin"));
    expect(res.statusCode).toBe(200);
    const [r] = res.json().data;
    expect(r).toMatchObject({ figures: null, narrative: null, obstacles: null, proposals: null, agency_share: { agency: "tamin", activities_linked: 1, cases: { filed: 2, answered: 1, overdue: 1 } } });
    expect(res.body).not.toContain("water");
    expect(res.body).not.toContain(OBSTACLE);
  });

  it("writes CSV with a byte-order mark and Persian names, for ?format=csv and for Accept: text/csv", async () => {
    const admin = await bearer(db, null);
    for (const res of [await get("/v1/reports/monthly?period=1405-09&format=csv", admin), await get("/v1/reports/monthly?period=1405-09", admin, { accept: "text/csv" })]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.rawPayload.subarray(0, 3)).toEqual(BOM);
      const [header, ...lines] = res.rawPayload.subarray(3).toString("utf8").trim().split("\n");
      expect(header).toBe("period,province_code,province,county_id,county,status,version,submitted_at,activities,participants,proposals,proposals_done,members_active,cases_filed,cases_answered,cases_overdue,narrative,obstacles,proposals_text");
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^1405-09,THR,تهران,\d+,[^,]+,accepted,1,/);
      expect(lines[1]).toContain(OBSTACLE);
      // A text that would run as an Excel formula is written as text.
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    }
  });

  it("writes an agency key's CSV with the share columns only", async () => {
    const res = await get("/v1/reports/monthly?period=1405-09&province=THR&format=csv", await bearer(db, "tamin"));
    const [header, line] = res.rawPayload.subarray(3).toString("utf8").trim().split("\n");
    expect(header).toBe("period,province_code,province,county_id,county,status,version,submitted_at,agency,activities_linked,cases_filed,cases_answered,cases_overdue");
    expect(line).toMatch(/,tamin,1,2,1,1$/);
    expect(res.body).not.toContain(OBSTACLE);
  });
});

describe("GET /v1/reports/quarterly", () => {
  it("gives an admin key the province's quarter whole: counties' months, late ones, totals and recurring obstacles", async () => {
    const res = await get("/v1/reports/quarterly?period=1405-Q3", await bearer(db, null));
    expect(res.statusCode).toBe(200);
    const [r] = res.json().data;
    expect(r).toMatchObject({ period: "1405-Q3", status: "submitted", version: 1, province: { code: "THR", name_fa: "تهران" }, narrative: "شرح فصل تهران", agency_share: null });
    expect(r.figures.months).toEqual(["1405-07", "1405-08", "1405-09"]);
    expect(r.figures.totals).toMatchObject({ reports: 2, activities: { total: 4 }, cases: { filed: 8, answered: 6, overdue: 1 } });
    expect(r.figures.counties.find((c: { id: number }) => c.id === thr.countyIds[1]).months.map((m: { status: string }) => m.status)).toEqual(["submitted", "draft", "missing"]);
    expect(r.figures.late.find((c: { county_id: number }) => c.county_id === thr.countyIds[1]).periods).toEqual(["1405-08", "1405-09"]);
    expect(r.figures.recurring.obstacles).toContainEqual({ phrase: "کمبود همکاری", county_ids: [thr.countyIds[0], thr.countyIds[1]].sort((x, y) => x - y) });
  });

  it("gives an agency key its share of the quarter, and selects a county's province", async () => {
    const res = await get(`/v1/reports/quarterly?county=${thr.countyIds[1]}`, await bearer(db, "tamin"));
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([expect.objectContaining({ figures: null, narrative: null, agency_share: { agency: "tamin", activities_linked: 1, cases: { filed: 3, answered: 2, overdue: 1 } } })]);
    expect(res.body).not.toContain("water");
    expect((await get(`/v1/reports/quarterly?county=${esf.countyIds[0]}`, await bearer(db, "tamin"))).json().data).toEqual([]);
  });

  it("writes the quarter as one CSV row with a byte-order mark", async () => {
    const res = await get("/v1/reports/quarterly?period=1405-Q3", await bearer(db, null), { accept: "text/csv" });
    expect(res.rawPayload.subarray(0, 3)).toEqual(BOM);
    const [header, line] = res.rawPayload.subarray(3).toString("utf8").trim().split("\n");
    expect(header.split(",").slice(0, 9)).toEqual(["period", "province_code", "province", "status", "version", "submitted_at", "reports", "reports_expected", "counties_late"]);
    expect(line).toMatch(/^1405-Q3,THR,تهران,submitted,1,/);
    expect(line).toContain("کمبود همکاری");
  });
});

describe("report requests that cannot be answered", () => {
  it("answers 401 without a key and 403 for a key without reports:read", async () => {
    const none = await get("/v1/reports/monthly", null);
    expect(none.statusCode).toBe(401);
    expect(errorOf(none).code).toBe("unauthorized");
    const narrow = await get("/v1/reports/quarterly", await bearer(db, "tamin", ["cases:read"]));
    expect(narrow.statusCode).toBe(403);
    expect(errorOf(narrow)).toMatchObject({ code: "insufficient_scope", message: expect.stringContaining("reports:read") });
  });

  it("answers 400 naming the field for a period that is no Jalali month or quarter, an unknown province or county, and a month for a quarter", async () => {
    const admin = await bearer(db, null);
    const bad = await get("/v1/reports/monthly?period=1405-13", admin);
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: "invalid_request", details: [{ in: "querystring", field: "period", message: expect.stringContaining("1405-Q3") }] });
    const format = await get("/v1/reports/monthly?format=xlsx", admin);
    expect(errorOf(format).details?.[0].field).toBe("format");
    const province = await get("/v1/reports/monthly?province=XXX", admin);
    expect([province.statusCode, errorOf(province).code]).toEqual([400, "unknown_province"]);
    const county = await get("/v1/reports/quarterly?county=999999", admin);
    expect([county.statusCode, errorOf(county).code]).toEqual([400, "unknown_county"]);
    const month = await get("/v1/reports/quarterly?period=1405-09", admin);
    expect([month.statusCode, errorOf(month).code]).toEqual([400, "invalid_period"]);
  });

  it("documents both routes in /openapi.json with their parameters, JSON and CSV bodies and every status", async () => {
    const doc = (await app.inject({ url: "/openapi.json" })).json();
    for (const path of ["/v1/reports/monthly", "/v1/reports/quarterly"]) {
      const op = doc.paths[path].get;
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["county", "format", "period", "province"]);
      expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "429", "500", "503"]);
      expect(Object.keys(op.responses["200"].content).sort()).toEqual(["application/json", "text/csv"]);
    }
    expect(doc.paths["/v1/reports/monthly"].get.responses["200"].content["application/json"].schema.properties.data.items).toEqual({ $ref: "#/components/schemas/MonthlyReport" });
    for (const name of ["MonthlyReport", "MonthlyReportFigures", "QuarterlyReport", "QuarterlyReportFigures", "ReportAgencyShare"]) expect(doc.components.schemas[name], name).toBeTruthy();
  });
});
