import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { revokeApiKey, createApiKey } from "../../core/api-keys.ts";
import { postAgencyEvent } from "../../core/case-events.ts";
import type { Database } from "../../db/client.ts";
import { caseEvents, cases, users } from "../../db/schema.ts";
import { agencyIdByCode } from "../../db/seed.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { allCases, caseByCode } from "../support/filing.ts";
import { BASE, body, childText, expectErrors, form, get, keys, post, spark, testApp, validRequest } from "./open311-helpers.ts";

// POST requests, tokens, and the filing side of GeoReport v2: what a client sends becomes a real case.

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await testApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
});
afterAll(async () => {
  await resetUserData(database);
  await app.close();
});

describe("POST requests: authentication and routing", () => {
  it("refuses a missing, unknown or revoked api_key with 403, in either format", async () => {
    const k = await keys(database.db, "health");
    const { api_key: _drop, ...noKey } = validRequest(k.health, "health.hospital");
    expectErrors(await post(app, "requests.json", noKey), 403, "json");
    expectErrors(await post(app, "requests.xml", validRequest("hmy_notAKeyThatExists_0123456789", "health.hospital")), 403, "xml");
    const revoked = await createApiKey(database.db, { agencyCode: "health", name: "old" });
    await revokeApiKey(database.db, revoked.id);
    expectErrors(await post(app, "requests.json", validRequest(revoked.key, "health.hospital")), 403, "json");
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("refuses a key without the cases:write scope with 403", async () => {
    const readOnly = await createApiKey(database.db, { agencyCode: "health", name: "reader", scopes: ["cases:read"] });
    expectErrors(await post(app, "requests.json", validRequest(readOnly.key, "health.hospital")), 403);
  });

  it("lets an agency key file only for its own agency's services (403 for another's)", async () => {
    const k = await keys(database.db, "health");
    const [description] = expectErrors(await post(app, "requests.json", validRequest(k.health, "tax.vat", { locale: "en" })), 403);
    expect(description).toContain("another agency");
    expect((await post(app, "requests.json", validRequest(k.health, "health.hospital"))).statusCode).toBe(200);
    expect((await post(app, "requests.json", validRequest(k.admin, "tax.vat"))).statusCode).toBe(200);
  });

  it("answers 400 without a service_code and 404 for an unknown one", async () => {
    const k = await keys(database.db);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "")), 400);
    expectErrors(await post(app, "requests.xml", validRequest(k.admin, "health.nosuch")), 404, "xml");
  });

  it("answers 404 for a foreign jurisdiction_id and accepts hamyar.ir", async () => {
    const k = await keys(database.db);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { jurisdiction_id: "sfgov.org" })), 404);
    expect((await post(app, "requests.json", validRequest(k.admin, "health.hospital", { jurisdiction_id: "hamyar.ir" }))).statusCode).toBe(200);
  });
});

describe("POST requests: validation", () => {
  it("requires a location: lat and long, an address_string or an address_id", async () => {
    const k = await keys(database.db);
    const noLocation = validRequest(k.admin, "health.hospital", { lat: undefined, long: undefined });
    const [description] = expectErrors(await post(app, "requests.json", { ...noLocation, locale: "en" }), 400);
    expect(description).toContain("location");
    expect((await post(app, "requests.json", { ...noLocation, address_string: "تهران، خیابان آزادی، پلاک ۱۲" })).statusCode).toBe(200);
    expect((await post(app, "requests.json", { ...noLocation, address_id: "THR-554433" })).statusCode).toBe(200);
  });

  it("refuses lat without long and coordinates out of range", async () => {
    const k = await keys(database.db);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { long: undefined })), 400);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { lat: 123 })), 400);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { long: "east" })), 400);
  });

  it("requires a description of at most 4,000 characters", async () => {
    const k = await keys(database.db);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { description: undefined })), 400);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { description: "ب".repeat(4001) })), 400);
    expect((await post(app, "requests.json", validRequest(k.admin, "health.hospital", { description: "ب".repeat(4000) }))).statusCode).toBe(200);
  });

  it("requires the kind, province and county attributes and checks them against the definition", async () => {
    const k = await keys(database.db);
    const bad = async (fields: Record<string, string | undefined>) => expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { locale: "en", ...fields })), 400);
    expect((await bad({ "attribute[kind]": undefined }))[0]).toContain("attribute[kind]");
    expect((await bad({ "attribute[kind]": "praise" }))[0]).toContain("attribute[kind]");
    expect((await bad({ "attribute[province_code]": "XXX" }))[0]).toContain("province_code");
    expect((await bad({ "attribute[county]": "شیراز" }))[0]).toContain("county");
    expect((await bad({ "attribute[county]": undefined }))[0]).toContain("attribute[county]");
  });

  it("reports every problem of a request at once, one error each", async () => {
    const k = await keys(database.db);
    const errors = expectErrors(
      await post(app, "requests.json", { api_key: k.admin, service_code: "health.hospital", "attribute[province_code]": "THR", "attribute[county]": "ری" }),
      400,
    );
    expect(errors).toHaveLength(3); // location, description, kind
  });

  it("accepts a county by its English name or an Arabic-keyboard spelling, and a lower-case province code", async () => {
    const k = await keys(database.db);
    for (const [province, county] of [["thr", "Rey"], ["KRM", "كرمان"]]) {
      const res = await post(app, "requests.json", validRequest(k.admin, "health.hospital", { "attribute[province_code]": province, "attribute[county]": county }));
      expect(res.statusCode, res.body).toBe(200);
    }
  });

  it("lets only a report of misconduct be anonymous", async () => {
    const k = await keys(database.db);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { "attribute[anonymous]": "true" })), 400);
    const res = await post(app, "requests.json", validRequest(k.admin, "health.hospital", { "attribute[kind]": "report", "attribute[anonymous]": "true", phone: "09121234567", first_name: "علی", email: "ali@example.ir" }));
    expect(res.statusCode).toBe(200);
    const c = await caseByCode(database.db, res.json()[0].service_request_id);
    expect(c).toMatchObject({ anonymous: true, contactPhone: null, kind: "report" });
    const notes = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(JSON.stringify(notes)).not.toContain("ali@example.ir");
  });

  it("refuses an email or media_url that is not one", async () => {
    const k = await keys(database.db);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { email: "not-an-email" })), 400);
    expectErrors(await post(app, "requests.json", validRequest(k.admin, "health.hospital", { media_url: "javascript:alert(1)" })), 400);
  });

  it("answers a body that is not form data with a 400 in the spec's format, in Persian, naming the types it takes", async () => {
    const k = await keys(database.db);
    const res = await app.inject({ method: "POST", url: `${BASE}/requests.xml`, headers: { "content-type": "text/plain" }, payload: form(validRequest(k.admin, "health.hospital")) });
    const [fa] = expectErrors(res, 400, "xml");
    expect(fa).toContain("«text/plain»");
    expect(fa).toContain("multipart/form-data");
    expect(fa).not.toMatch(/Unsupported|Media Type/);
    const xml = await app.inject({ method: "POST", url: `${BASE}/requests.json?locale=en`, headers: { "content-type": "application/xml" }, payload: "<request/>" });
    expect(expectErrors(xml, 400)[0]).toBe('Content-Type "application/xml" is not accepted; send the body as application/x-www-form-urlencoded (or multipart/form-data with media files).');
  });
});

describe("POST requests: the case it files", () => {
  it("answers [{service_request_id, service_notice, account_id}] and files a real case through the open311 channel", async () => {
    const k = await keys(database.db, "health");
    const res = await post(
      app,
      "requests.json",
      validRequest(k.health, "health.hospital", { phone: "۰۹۱۲ ۱۲۳ ۴۵۶۷", first_name: "مریم", last_name: "احمدی", email: "maryam@example.ir", account_id: "acct-77", media_url: "https://img.example.ir/p/1.jpg", address_string: "خیابان آزادی" }),
    );
    expect(res.statusCode).toBe(200);
    const [created] = body(res, "json");
    expect(Object.keys(created)).toEqual(["service_request_id", "service_notice", "account_id"]);
    expect(created.service_request_id).toMatch(/^\d{9}$/);
    expect(created.account_id).toBe("acct-77");
    expect(created.service_notice).toContain("روز کاری");

    const c = await caseByCode(database.db, created.service_request_id);
    expect(c).toMatchObject({
      channel: "open311",
      status: "received",
      kind: "complaint",
      agencyId: await agencyIdByCode(database.db, "health"),
      subject: "چاله‌ای بزرگ در خیابان آزادی",
      contactPhone: "+989121234567",
      contactPhoneVerified: false,
      latitude: 35.6892,
      longitude: 51.389,
      address: "خیابان آزادی",
    });
    expect(c.topicId).not.toBeNull();
    expect(c.expectedAt).not.toBeNull();
    const [owner] = await database.db.select().from(users).where(eq(users.id, c.userId));
    expect(owner).toMatchObject({ platform: "open311", firstName: "مریم احمدی", phoneVerified: false });
    const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.map((e) => e.type)).toEqual(["status", "note"]);
    expect(events[1].note).toContain("https://img.example.ir/p/1.jpg");
    expect(events[1].note).toContain("maryam@example.ir");
  });

  it("answers the same shape in XML", async () => {
    const k = await keys(database.db);
    const res = await post(app, "requests.xml", validRequest(k.admin, "interior"));
    expect(res.statusCode).toBe(200);
    const root = body(res, "xml");
    expect(root.name).toBe("service_requests");
    expect(root.children.map((c: { name: string }) => c.name)).toEqual(["request"]);
    expect(childText(root.children[0], "service_request_id")).toMatch(/^\d{9}$/);
    expect(childText(root.children[0], "account_id")).toBeNull();
    expect(childText(root.children[0], "service_notice")).toBeTruthy();
  });

  it("uses the subject attribute when given, else the description's first line cut near 100 characters", async () => {
    const k = await keys(database.db);
    const withSubject = await post(app, "requests.json", validRequest(k.admin, "interior", { "attribute[subject]": "چراغ خاموش" }));
    expect((await caseByCode(database.db, withSubject.json()[0].service_request_id)).subject).toBe("چراغ خاموش");
    const long = await post(app, "requests.json", validRequest(k.admin, "interior", { description: `${"کلمه ".repeat(40)}\nادامه` }));
    const subject = (await caseByCode(database.db, long.json()[0].service_request_id)).subject;
    expect([...subject].length).toBeLessThanOrEqual(100);
    expect(subject.endsWith("…")).toBe(true);
  });

  it("files every POST as its own case, even when identical", async () => {
    const k = await keys(database.db);
    const fields = validRequest(k.admin, "interior");
    const a = (await post(app, "requests.json", fields)).json()[0].service_request_id;
    const b = (await post(app, "requests.json", fields)).json()[0].service_request_id;
    expect(a).not.toBe(b);
    expect(await allCases(database.db)).toHaveLength(2);
  });

  it("maps one reporter (same phone, email or device, through the same key) to one user, and separates keys", async () => {
    const k = await keys(database.db, "interior");
    const owner = async (key: string, extra: Record<string, string>) =>
      (await caseByCode(database.db, (await post(app, "requests.json", validRequest(key, "interior", extra))).json()[0].service_request_id)).userId;
    const byPhone = await owner(k.admin, { phone: "09121112233" });
    expect(await owner(k.admin, { phone: "+98 912 111 2233" })).toBe(byPhone);
    expect(await owner(k.admin, { phone: "09120000000" })).not.toBe(byPhone);
    expect(await owner(k.interior, { phone: "09121112233" })).not.toBe(byPhone);
    const byDevice = await owner(k.admin, { device_id: "dev-1" });
    expect(await owner(k.admin, { device_id: "dev-1" })).toBe(byDevice);
    const byEmail = await owner(k.admin, { email: "a@example.ir" });
    expect(await owner(k.admin, { email: "A@Example.ir" })).toBe(byEmail);
  });

  it("reads the same fields from a JSON body", async () => {
    const k = await keys(database.db);
    const res = await app.inject({
      method: "POST",
      url: `${BASE}/requests.json`,
      payload: { api_key: k.admin, service_code: "interior", address_string: "قم، میدان شهدا", description: "درخواست نصب چراغ راهنمایی", attribute: { kind: "request", province_code: "QOM", county: "قم" } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await caseByCode(database.db, res.json()[0].service_request_id)).kind).toBe("request");
  });
});

describe("tokens", () => {
  for (const format of ["json", "xml"] as const) {
    it(`returns the service_request_id for the token of a POST (${format})`, async () => {
      const k = await keys(database.db);
      const res = await post(app, "requests.json", validRequest(k.admin, "interior"));
      const token = res.headers["x-open311-token"] as string;
      expect(token).toMatch(/^[0-9a-f-]{36}$/);
      const lookup = await get(app, `tokens/${token}.${format}`);
      expect(lookup.statusCode).toBe(200);
      const found = format === "json" ? body(lookup, "json") : spark(body(lookup, "xml"));
      expect(found).toEqual([{ service_request_id: res.json()[0].service_request_id, token }]);
    });
  }

  it("answers 404 for an unknown or malformed token", async () => {
    expectErrors(await get(app, "tokens/6f1c0c8e-1111-4222-8333-944445555666.json"), 404);
    expectErrors(await get(app, "tokens/nope.xml"), 404, "xml");
  });
});

describe("the stored case", () => {
  it("reaches the database with the open311 channel on both fresh and repeated reporters", async () => {
    const k = await keys(database.db);
    await post(app, "requests.json", validRequest(k.admin, "interior", { phone: "09121234567" }));
    await post(app, "requests.json", validRequest(k.admin, "interior", { phone: "09121234567" }));
    const rows = await database.db.select().from(cases);
    expect(rows.every((r) => r.channel === "open311")).toBe(true);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(1);
  });

  it("can be answered by the agency like any other case", async () => {
    const k = await keys(database.db);
    const code = (await post(app, "requests.json", validRequest(k.admin, "health.hospital"))).json()[0].service_request_id;
    const posted = await postAgencyEvent(database.db, { code, actor: { kind: "agency_key", keyId: 0, agencyId: (await agencyIdByCode(database.db, "health"))! }, eventId: "e1", input: { type: "answer", text: "بررسی شد." } });
    expect(posted.caseStatus).toBe("answered");
  });
});
