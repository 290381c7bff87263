import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "../../core/api-keys.ts";
import { postAgencyEvent, postCitizenEvent } from "../../core/case-events.ts";
import type { Database } from "../../db/client.ts";
import { cases, users } from "../../db/schema.ts";
import { agencyIdByCode } from "../../db/seed.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { caseByCode } from "../support/filing.ts";
import { asXmlText, body, expectErrors, get, keys, post, spark, testApp, validRequest } from "./open311-helpers.ts";

// GET requests and GET requests/{id}: the spec's fields and filters, the open/closed mapping, and the
// scoping of API keys (agency A never reads agency B's requests).

let database: Database;
let app: FastifyInstance;
let k: { admin: string } & Record<string, string>;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
  k = await keys(database.db, "health", "tax");
});
afterAll(async () => {
  await resetUserData(database);
  await app.close();
});

async function file(service: string, extra: Record<string, string | number | undefined> = {}): Promise<string> {
  const res = await post(app, "requests.json", validRequest(k.admin, service, extra));
  expect(res.statusCode, res.body).toBe(200);
  return res.json()[0].service_request_id;
}

const ids = (list: { service_request_id: string }[]) => list.map((r) => r.service_request_id).sort();
const agencyEvent = async (code: string, agency: string, eventId: string, input: Parameters<typeof postAgencyEvent>[1]["input"]) =>
  postAgencyEvent(database.db, { code, actor: { kind: "agency_key", keyId: 0, agencyId: (await agencyIdByCode(database.db, agency))! }, eventId, input });

const FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

describe("GET requests/{id}", () => {
  it("round-trips a POST: every field of the spec with the right types (JSON)", async () => {
    const code = await file("health.hospital", { media_url: "https://img.example.ir/1.jpg", address_string: "تهران، خیابان آزادی", address_id: "A-12" });
    const res = await get(app, `requests/${code}.json`, { api_key: k.health });
    expect(res.statusCode).toBe(200);
    const list = body(res, "json");
    expect(list).toHaveLength(1);
    const r = list[0];
    expect(Object.keys(r)).toEqual(FIELDS);
    expect(r).toMatchObject({
      service_request_id: code,
      status: "open",
      status_notes: null,
      service_name: "بیمارستان‌ها و مراکز درمانی",
      service_code: "health.hospital",
      agency_responsible: "وزارت بهداشت، درمان و آموزش پزشکی",
      address: "تهران، خیابان آزادی",
      address_id: "A-12",
      zipcode: null,
      lat: 35.6892,
      long: 51.389,
      media_url: "https://img.example.ir/1.jpg",
    });
    expect(r.description).toContain("چاله‌ای بزرگ");
    for (const f of ["requested_datetime", "updated_datetime", "expected_datetime"]) expect(r[f], f).toMatch(W3C);
    expect(new Date(r.expected_datetime).getTime()).toBeGreaterThan(new Date(r.requested_datetime).getTime());
    expect(typeof r.service_notice).toBe("string");
  });

  it("serves the same request as <service_requests><request> in XML", async () => {
    const code = await file("health.hospital");
    const xml = body(await get(app, `requests/${code}.xml`, { api_key: k.health }), "xml");
    expect(xml.name).toBe("service_requests");
    expect(xml.children.map((c: { name: string }) => c.name)).toEqual(["request"]);
    expect(xml.children[0].children.map((c: { name: string }) => c.name)).toEqual(FIELDS);
    expect(spark(xml)).toEqual(asXmlText(body(await get(app, `requests/${code}.json`, { api_key: k.health }), "json")));
  });

  it("never shows the reporter's name, phone or email", async () => {
    const code = await file("health.hospital", { first_name: "مریم", last_name: "احمدی", phone: "09121234567", email: "maryam@example.ir", device_id: "dev-9" });
    for (const format of ["json", "xml"]) {
      const text = (await get(app, `requests/${code}.${format}`, { api_key: k.admin })).body;
      for (const secret of ["مریم", "احمدی", "0912", "9121234567", "maryam@", "dev-9"]) expect(text, `${format}: ${secret}`).not.toContain(secret);
    }
  });

  it("requires an api_key (403) and answers 404 for an unknown or malformed id", async () => {
    const code = await file("health.hospital");
    expectErrors(await get(app, `requests/${code}.json`), 403);
    expectErrors(await get(app, `requests/${code}.xml`, { api_key: "hmy_wrongwrongwrongwrongwrong" }), 403, "xml");
    expectErrors(await get(app, "requests/123456789.json", { api_key: k.admin }), 404);
    expectErrors(await get(app, "requests/abc.xml", { api_key: k.admin }), 404, "xml");
  });

  it("answers 404 for a foreign jurisdiction_id", async () => {
    const code = await file("health.hospital");
    expectErrors(await get(app, `requests/${code}.json`, { api_key: k.admin, jurisdiction_id: "city.gov" }), 404);
  });
});

describe("open and closed", () => {
  it("shows a case open until the agency answers or closes it, with the agency's latest note as status_notes", async () => {
    const code = await file("health.hospital");
    const read = async () => (await get(app, `requests/${code}.json`, { api_key: k.health })).json()[0];
    await agencyEvent(code, "health", "e1", { type: "status", status: "in_progress", note: "به بیمارستان ارجاع داخلی شد." });
    expect(await read()).toMatchObject({ status: "open", status_notes: "به بیمارستان ارجاع داخلی شد." });
    await agencyEvent(code, "health", "e2", { type: "answer", text: "مشکل برطرف شد." });
    const closed = await read();
    expect(closed).toMatchObject({ status: "closed", status_notes: "مشکل برطرف شد.", service_notice: null });
    const [row] = await database.db.select().from(cases).where(eq(cases.trackingCode, code));
    expect(closed.updated_datetime).toBe(row.closedAt!.toISOString().replace(/\.\d{3}Z$/, "Z"));
  });

  it("counts answered, resolved, unresolved, not responsible and duplicate as closed; the rest open", async () => {
    const expected: Record<string, string> = { in_review: "open", in_progress: "open", answered: "closed", resolved: "closed", unresolved: "closed", not_responsible: "closed", duplicate: "closed" };
    for (const [status, open311] of Object.entries(expected)) {
      const code = await file("health.hospital");
      await agencyEvent(code, "health", `s-${status}`, { type: "status", status: status as never });
      expect((await get(app, `requests/${code}.json`, { api_key: k.health })).json()[0].status, status).toBe(open311);
    }
  });

  it("opens a closed case again when the citizen objects (reopened)", async () => {
    const code = await file("health.hospital");
    await agencyEvent(code, "health", "e1", { type: "answer", text: "پاسخ" });
    const c = await caseByCode(database.db, code);
    await postCitizenEvent(database.db, { caseId: c.id, userId: c.userId, type: "objection", text: "مشکل حل نشده است." });
    expect((await get(app, `requests/${code}.json`, { api_key: k.health })).json()[0].status).toBe("open");
  });
});

describe("GET requests: filters", () => {
  it("requires an api_key (403 in both formats)", async () => {
    expectErrors(await get(app, "requests.json"), 403);
    expectErrors(await get(app, "requests.xml"), 403, "xml");
  });

  it("says, when the key is missing, why requests are private, how to send the key, and what to set in FixMyStreet", async () => {
    const [en] = expectErrors(await get(app, "requests.xml", { locale: "en" }), 403, "xml");
    expect(en).toContain("citizens' reports and are not public");
    expect(en).toContain("api_key parameter (or an Authorization: Bearer header)");
    expect(en).toContain('"Use Open311 problem fetching"');
    const [fa] = expectErrors(await get(app, "requests.json"), 403);
    expect(fa).toContain("عمومی نیستند");
    expect(fa).toContain("docs/open311.md");
  });

  it("includes a request filed within the last second in FixMyStreet's window: start_date an hour ago, end_date now, whole seconds with Z", async () => {
    const code = await file("health.hospital");
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000 + 400); // filed 5 s ago, at .400
    await database.db.update(cases).set({ createdAt: at }).where(eq(cases.trackingCode, code));
    const whole = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const shown = (await get(app, `requests/${code}.json`, { api_key: k.admin })).json()[0].requested_datetime;
    expect(shown).toBe(whole(at));
    const fms = { api_key: k.admin, start_date: whole(new Date(at.getTime() - 3600_000)), end_date: shown };
    expect(ids((await get(app, "requests.json", fms)).json())).toEqual([code]);
    // What is shown decides: a window ending the second before, or starting after the shown second, leaves it out.
    expect((await get(app, "requests.json", { ...fms, end_date: whole(new Date(at.getTime() - 1000)) })).json()).toEqual([]);
    expect((await get(app, "requests.json", { api_key: k.admin, start_date: shown.replace("Z", ".500Z") })).json()).toEqual([]);
    expect(ids((await get(app, "requests.json", { api_key: k.admin, start_date: shown })).json())).toEqual([code]);
  });

  it("lists the last 90 days by default, newest first, and honours start_date and end_date", async () => {
    const recent = await file("health.hospital");
    const old = await file("health.hospital");
    await database.db.update(cases).set({ createdAt: new Date(Date.now() - 120 * 86400_000) }).where(eq(cases.trackingCode, old));
    const newest = await file("health.medicine");
    expect((await get(app, "requests.json", { api_key: k.admin })).json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([newest, recent]);
    const window = { start_date: new Date(Date.now() - 150 * 86400_000).toISOString(), end_date: new Date(Date.now() - 100 * 86400_000).toISOString() };
    expect(ids((await get(app, "requests.json", { api_key: k.admin, ...window })).json())).toEqual([old]);
    const onlyStart = await get(app, "requests.json", { api_key: k.admin, start_date: window.start_date.replace(/\.\d{3}Z$/, "+00:00") });
    expect(ids(onlyStart.json())).toEqual([old]);
  });

  it("filters by status open or closed, both, and by service_code (comma-delimited or repeated)", async () => {
    const a = await file("health.hospital");
    const b = await file("health.medicine");
    const c = await file("interior");
    await agencyEvent(a, "health", "close", { type: "status", status: "resolved" });
    expect(ids((await get(app, "requests.json", { api_key: k.admin, status: "closed" })).json())).toEqual([a]);
    expect(ids((await get(app, "requests.json", { api_key: k.admin, status: "open" })).json())).toEqual([b, c].sort());
    expect(ids((await get(app, "requests.json", { api_key: k.admin, status: "open,closed" })).json())).toEqual([a, b, c].sort());
    expect(ids((await get(app, "requests.json", { api_key: k.admin, service_code: "health.medicine,interior" })).json())).toEqual([b, c].sort());
    const repeated = await app.inject({ method: "GET", url: `/open311/v2/requests.json?api_key=${k.admin}&service_code=health.hospital&service_code=interior` });
    expect(ids(repeated.json())).toEqual([a, c].sort());
    expect((await get(app, "requests.json", { api_key: k.admin, service_code: "health" })).json()).toEqual([]);
  });

  it("takes a comma-delimited service_request_id list that overrides every other filter", async () => {
    const a = await file("health.hospital");
    const b = await file("health.medicine");
    await file("interior");
    await database.db.update(cases).set({ createdAt: new Date(Date.now() - 400 * 86400_000) }).where(eq(cases.trackingCode, a));
    const res = await get(app, "requests.json", { api_key: k.admin, service_request_id: `${a},${b},999999999`, status: "closed", service_code: "interior" });
    expect(ids(res.json())).toEqual([a, b].sort());
  });

  it("answers 400 for a bad date, a range over 90 days, a reversed range and an unknown status", async () => {
    const bad = async (q: Record<string, string>) => expectErrors(await get(app, "requests.json", { api_key: k.admin, ...q }), 400);
    await bad({ start_date: "yesterday" });
    await bad({ start_date: "2026-01-01T00:00:00" }); // no time zone
    await bad({ start_date: "2026-01-01T00:00:00Z", end_date: "2026-06-01T00:00:00Z" });
    await bad({ start_date: "2026-02-01T00:00:00Z", end_date: "2026-01-01T00:00:00Z" });
    await bad({ status: "pending" });
    expectErrors(await get(app, "requests.xml", { api_key: k.admin, status: "pending" }), 400, "xml");
  });

  it("returns at most 1000 requests", async () => {
    const [{ id: userId }] = await database.db.insert(users).values({ platform: "open311", platformUserId: 1 }).returning();
    const agencyId = await agencyIdByCode(database.db, "interior");
    await database.db.execute(sql`
      insert into cases (tracking_code, kind, user_id, agency_id, province_id, county_id, subject, description, client_key, channel)
      select lpad(g::text, 9, '0'), 'request', ${userId}, ${agencyId}, p.id, c.id, 'موضوع', 'شرح', 'bulk:' || g, 'open311'
      from generate_series(1, 1001) g, (select id, province_id from counties order by id limit 1) c join provinces p on p.id = c.province_id`);
    const res = await get(app, "requests.json", { api_key: k.admin });
    expect(res.json()).toHaveLength(1000);
    expect(body(await get(app, "requests.xml", { api_key: k.admin }), "xml").children).toHaveLength(1000);
  });
});

describe("agency keys", () => {
  it("never let agency A read agency B's requests: not in the list, not by id, not by service_request_id", async () => {
    const mine = await file("health.hospital");
    const theirs = await file("tax.vat");
    expect(ids((await get(app, "requests.json", { api_key: k.health })).json())).toEqual([mine]);
    const taxXml = spark(body(await get(app, "requests.xml", { api_key: k.tax }), "xml")) as { service_request_id: string }[];
    expect(ids(taxXml)).toEqual([theirs]);
    expectErrors(await get(app, `requests/${theirs}.json`, { api_key: k.health }), 404);
    expectErrors(await get(app, `requests/${mine}.xml`, { api_key: k.tax }), 404, "xml");
    expect(ids((await get(app, "requests.json", { api_key: k.health, service_request_id: `${mine},${theirs}` })).json())).toEqual([mine]);
    expect((await get(app, "requests.json", { api_key: k.health, service_code: "tax.vat" })).json()).toEqual([]);
    expect(ids((await get(app, "requests.json", { api_key: k.admin })).json())).toEqual([mine, theirs].sort());
  });

  it("let the agency a request was referred to read it, and the referring agency keep reading it", async () => {
    const code = await file("health.hospital");
    await agencyEvent(code, "health", "ref-1", { type: "referral", toAgency: "tax", note: "مربوط به سازمان امور مالیاتی است." });
    const byTax = (await get(app, `requests/${code}.json`, { api_key: k.tax })).json()[0];
    expect(byTax).toMatchObject({ service_code: "tax", agency_responsible: "سازمان امور مالیاتی کشور", status: "open", status_notes: "مربوط به سازمان امور مالیاتی است." });
    expect((await get(app, `requests/${code}.json`, { api_key: k.health })).statusCode).toBe(200);
    const other = await createApiKey(database.db, { agencyCode: "interior", name: "interior" });
    expectErrors(await get(app, `requests/${code}.json`, { api_key: other.key }), 404);
  });

  it("refuses a key without the cases:read scope", async () => {
    const writer = await createApiKey(database.db, { agencyCode: "health", name: "writer", scopes: ["cases:write"] });
    expectErrors(await get(app, "requests.json", { api_key: writer.key }), 403);
  });
});
