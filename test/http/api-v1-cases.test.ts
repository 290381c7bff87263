import type { FastifyInstance } from "fastify";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { toPersianDigits } from "../../core/persian.ts";
import type { Database } from "../../db/client.ts";
import { attachments, surveys } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf, makeCase, region, setCase } from "./api-v1-fixtures.ts";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
});

const codesOf = (res: { json(): { data: { code: string }[] } }) => res.json().data.map((c) => c.code);

/** Follows next_cursor from `url` to the last page; returns every code in order and the page count. */
async function walk(url: string, headers: Record<string, string>, from: string | null = null): Promise<{ codes: string[]; pages: number }> {
  const codes: string[] = [];
  let next: string | null = from;
  let pages = 0;
  do {
    const res = await app.inject({ url: next ? `${url}${url.includes("?") ? "&" : "?"}cursor=${next}` : url, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    codes.push(...body.data.map((c: { code: string }) => c.code));
    next = body.next_cursor;
    pages++;
  } while (next && pages < 50);
  return { codes, pages };
}

describe("GET /v1/cases", () => {
  it("lists the key's cases as the API's case view", async () => {
    const key = await bearer(database.db, "tamin");
    const { code } = await makeCase(database.db, { agency: "tamin" });
    const res = await app.inject({ url: "/v1/cases", headers: key });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.next_cursor).toBeNull();
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      code,
      kind: "complaint",
      status: "received",
      channel: "bot",
      agency: { code: "tamin" },
      original_agency: null,
      province: { code: "THR" },
      citizen: { name: "شهروند", phone: "989121234567", phone_verified: true },
      awaiting_info: false,
      overdue: false,
    });
    expect(Date.parse(body.data[0].expected_at)).toBeGreaterThan(Date.now());
    // Internal columns never reach the API.
    expect(Object.keys(body.data[0])).not.toEqual(expect.arrayContaining(["client_key"]));
    expect(JSON.stringify(body)).not.toMatch(/client_?key|user_?id/i);
  });

  it("filters by status, kind, province, county and agency", async () => {
    const key = await bearer(database.db, null);
    const { countyIds } = await region(database.db, "ESF");
    const complaint = await makeCase(database.db, { agency: "tamin" });
    const request = await makeCase(database.db, { agency: "tamin", kind: "request" });
    const isfahan = await makeCase(database.db, { agency: "tamin", province: "ESF", county: countyIds[1] });
    const health = await makeCase(database.db, { agency: "health" });
    await setCase(database.db, complaint.id, { status: "in_progress" });

    const q = async (query: string) => codesOf(await app.inject({ url: `/v1/cases?${query}`, headers: key })).sort();
    expect(await q("status=in_progress")).toEqual([complaint.code]);
    expect(await q("kind=request")).toEqual([request.code]);
    expect(await q("province=ESF")).toEqual([isfahan.code]);
    expect(await q("province=esf")).toEqual([isfahan.code]);
    expect(await q(`county=${countyIds[1]}`)).toEqual([isfahan.code]);
    expect(await q(`county=${countyIds[0]}`)).toEqual([]);
    expect(await q("agency=health")).toEqual([health.code]);
    expect(await q("agency=tamin&kind=complaint&province=THR")).toEqual([complaint.code]);
  });

  it("filters by created_since and updated_since", async () => {
    const key = await bearer(database.db, "tamin");
    const old = await makeCase(database.db, { agency: "tamin" });
    const fresh = await makeCase(database.db, { agency: "tamin" });
    const touched = await makeCase(database.db, { agency: "tamin" });
    await setCase(database.db, old.id, { createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-01-02T00:00:00Z" });
    await setCase(database.db, touched.id, { createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-06-01T00:00:00Z" });
    await setCase(database.db, fresh.id, { createdAt: "2025-05-01T00:00:00Z", updatedAt: "2025-05-01T00:00:00Z" });
    const q = async (query: string) => codesOf(await app.inject({ url: `/v1/cases?${query}`, headers: key }));
    expect(await q("created_since=2025-03-01")).toEqual([fresh.code]);
    expect(await q("updated_since=2025-03-01T00:00:00Z")).toEqual([fresh.code, touched.code]);
    expect(await q(`updated_since=${encodeURIComponent("2025-05-01T03:30:00+03:30")}`)).toEqual([fresh.code, touched.code]);
    expect(await q("updated_since=2025-05-02")).toEqual([touched.code]);
  });

  it("pages through every case once, in (updated_at, id) order, across ties and microsecond differences", async () => {
    const key = await bearer(database.db, "tamin");
    const made = [];
    for (let i = 0; i < 9; i++) made.push(await makeCase(database.db, { agency: "tamin" }));
    // Three share one instant; three differ only in microseconds (the same millisecond in JavaScript).
    const stamps = ["2025-01-01T00:00:00.000001Z", "2025-01-01T00:00:00.000001Z", "2025-01-01T00:00:00.000001Z", "2025-01-01T00:00:00.000003Z", "2025-01-01T00:00:00.000002Z", "2025-01-01T00:00:00.000004Z", "2024-12-31T00:00:00Z", "2025-02-01T00:00:00Z", "2025-02-01T00:00:00Z"];
    for (let i = 0; i < made.length; i++) await setCase(database.db, made[i].id, { updatedAt: stamps[i] });
    const expected = made
      .map((m, i) => ({ ...m, at: stamps[i] }))
      .sort((x, y) => (x.at === y.at ? x.id - y.id : x.at < y.at ? -1 : 1))
      .map((m) => m.code);

    for (const limit of [1, 2, 4, 50]) {
      const { codes, pages } = await walk(`/v1/cases?limit=${limit}`, key);
      expect(codes, `limit ${limit}`).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(9 / limit)));
    }
  });

  it("keeps paging right when a case changes between pages: it moves to the end and is seen again", async () => {
    const key = await bearer(database.db, "tamin");
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await makeCase(database.db, { agency: "tamin" }));
    for (let i = 0; i < 4; i++) await setCase(database.db, made[i].id, { updatedAt: `2025-01-0${i + 1}T00:00:00Z` });
    const first = (await app.inject({ url: "/v1/cases?limit=2", headers: key })).json();
    expect(first.data.map((c: { code: string }) => c.code)).toEqual([made[0].code, made[1].code]);
    await setCase(database.db, made[0].id, { updatedAt: "2025-02-01T00:00:00Z" });
    const rest = await walk("/v1/cases?limit=2", key, first.next_cursor);
    expect(rest.codes).toEqual([made[2].code, made[3].code, made[0].code]);
  });

  it("pages an agency's own and referred-away cases together without duplicates", async () => {
    const key = await bearer(database.db, "tamin");
    const own = [];
    for (let i = 0; i < 5; i++) own.push(await makeCase(database.db, { agency: "tamin" }));
    const referred = [];
    for (let i = 0; i < 5; i++) {
      const c = await makeCase(database.db, { agency: "tamin" });
      const res = await app.inject({ method: "POST", url: `/v1/cases/${c.code}/events`, headers: key, payload: { event_id: `ref-${i}`, type: "referral", to_agency: "health" } });
      expect(res.statusCode).toBe(201);
      referred.push(c);
    }
    // Interleave the two kinds in time.
    const all = [...own, ...referred];
    for (let i = 0; i < all.length; i++) await setCase(database.db, all[i].id, { updatedAt: `2025-03-${String(1 + ((i * 7) % 10)).padStart(2, "0")}T00:00:00Z` });
    const { codes } = await walk("/v1/cases?limit=3", key);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(all.map((c) => c.code).sort());
    expect(codesOf(await app.inject({ url: "/v1/cases?agency=health", headers: key })).sort()).toEqual(referred.map((c) => c.code).sort());
  });

  it("answers 400 naming the field for a bad filter, limit or cursor", async () => {
    const key = await bearer(database.db, "tamin");
    const cases: [string, string, string][] = [
      ["status=bogus", "invalid_request", "status"],
      ["kind=letter", "invalid_request", "kind"],
      ["limit=0", "invalid_request", "limit"],
      ["limit=101", "invalid_request", "limit"],
      ["limit=ten", "invalid_request", "limit"],
      ["county=-3", "invalid_request", "county"],
      ["updated_since=yesterday", "invalid_request", "updated_since"],
      ["created_since=2025-13-45", "invalid_request", "created_since"],
      ["province=XXX", "unknown_province", "province"],
      ["agency=nosuch", "unknown_agency", "agency"],
      ["cursor=not-a-cursor!", "invalid_cursor", "cursor"],
      [`cursor=${Buffer.from('["2025-01-01", 1]').toString("base64url")}`, "invalid_cursor", "cursor"],
    ];
    for (const [query, code, field] of cases) {
      const res = await app.inject({ url: `/v1/cases?${query}`, headers: key });
      expect(res.statusCode, query).toBe(400);
      const error = errorOf(res);
      expect(error.code, query).toBe(code);
      expect(error.message, query).toContain(field);
      if (code === "invalid_request") expect(error.details?.[0]).toMatchObject({ in: "querystring", field });
    }
  });
});

describe("GET /v1/cases/{code}", () => {
  it("shows the case with its events, attachments and survey", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, {
      agency: "tamin",
      attachments: [{ kind: "document", fileId: "f1", fileUniqueId: "u1", mimeType: "application/pdf", fileName: "قرارداد.pdf", fileSize: 1200 }],
    });
    await database.db.insert(surveys).values({ caseId: c.id, solved: "no", rating: 2, comment: "پاسخ ناقص بود", answeredAt: new Date(), objected: true });
    const res = await app.inject({ url: `/v1/cases/${c.code}`, headers: key });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.code).toBe(c.code);
    expect(body.events).toEqual([expect.objectContaining({ type: "status", status: "received", actor: "citizen", agency: null, event_id: null })]);
    const [att] = await database.db.select().from(attachments).where(eq(attachments.caseId, c.id));
    expect(body.attachments).toEqual([{ id: att.id, kind: "document", mime_type: "application/pdf", file_name: "قرارداد.pdf", file_size: 1200 }]);
    expect(body.survey).toMatchObject({ solved: "no", rating: 2, comment: "پاسخ ناقص بود", objected: true });
    expect(JSON.stringify(body)).not.toContain("f1"); // the platform's file id stays inside
  });

  it("accepts the code in Persian digits", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const res = await app.inject({ url: `/v1/cases/${encodeURIComponent(toPersianDigits(c.code))}`, headers: key });
    expect(res.statusCode).toBe(200);
    expect(res.json().code).toBe(c.code);
  });

  it("hides who filed an anonymous report", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin", kind: "report", anonymous: true });
    const body = (await app.inject({ url: `/v1/cases/${c.code}`, headers: key })).json();
    expect(body.anonymous).toBe(true);
    expect(body.citizen).toBeNull();
    expect(JSON.stringify(body)).not.toContain("98912");
  });

  it("answers 404 for a malformed code like for an unknown one", async () => {
    const key = await bearer(database.db, "tamin");
    for (const code of ["123", "123456789", "abc"]) {
      const res = await app.inject({ url: `/v1/cases/${code}`, headers: key });
      expect(res.statusCode, code).toBe(404);
      expect(errorOf(res).code).toBe("case_not_found");
    }
  });

  it("marks a case overdue once its deadline has passed", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    await database.db.execute(sql`update cases set expected_at = now() - interval '1 day' where id = ${c.id}`);
    const body = (await app.inject({ url: `/v1/cases/${c.code}`, headers: key })).json();
    expect(body.overdue).toBe(true);
    await database.db.execute(sql`update cases set closed_at = now() where id = ${c.id}`);
    expect((await app.inject({ url: `/v1/cases/${c.code}`, headers: key })).json().overdue).toBe(false);
  });
});
