import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUnit, setUnitWebhook } from "../../core/agency-units.ts";
import { createApiKey } from "../../core/api-keys.ts";
import { claimWebhooks } from "../../core/webhook-queue.ts";
import type { Database } from "../../db/client.ts";
import { agencies, agencyUnits, outbox } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, makeCase } from "./api-v1-fixtures.ts";
import { post, validRequest } from "./open311-helpers.ts";

// A national agency answers through its provincial offices: a key limited to the Isfahan unit of the
// Ministry of Health sees and answers that province's cases only, and the unit's cases are signed for and
// sent to the unit's own webhook URL, the rest to the agency's.

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});
afterAll(async () => {
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null });
});
beforeEach(async () => {
  await resetUserData(database);
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null });
});

async function isfahanUnitKey() {
  const unit = await createUnit(database.db, { agencyCode: "health", provinceCode: "ESF", nameFa: "دانشگاه علوم پزشکی اصفهان", nameEn: "Isfahan University of Medical Sciences" });
  const { key } = await createApiKey(database.db, { agencyCode: "health", name: "isfahan", unitId: unit.id });
  return { unit, headers: { authorization: `Bearer ${key}` } };
}

const codesOf = (res: { json(): { data: { code: string }[] } }) => res.json().data.map((c) => c.code).sort();

describe("a key limited to a unit", () => {
  it("lists its province's cases of its agency only; the agency's own key lists them all", async () => {
    const { headers } = await isfahanUnitKey();
    const isfahan = await makeCase(database.db, { agency: "health", province: "ESF" });
    const tehran = await makeCase(database.db, { agency: "health", province: "THR" });
    await makeCase(database.db, { agency: "tamin", province: "ESF" });
    expect(codesOf(await app.inject({ url: "/v1/cases", headers }))).toEqual([isfahan.code]);
    expect(codesOf(await app.inject({ url: "/v1/cases", headers: await bearer(database.db, "health") }))).toEqual([isfahan.code, tehran.code].sort());
  });

  it("reads and answers its own province's case, and finds no other province's", async () => {
    const { headers } = await isfahanUnitKey();
    const isfahan = await makeCase(database.db, { agency: "health", province: "ESF" });
    const tehran = await makeCase(database.db, { agency: "health", province: "THR" });
    expect((await app.inject({ url: `/v1/cases/${isfahan.code}`, headers })).statusCode).toBe(200);
    expect((await app.inject({ url: `/v1/cases/${tehran.code}`, headers })).statusCode).toBe(404);
    const answer = (code: string, eventId: string) =>
      app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers, payload: { event_id: eventId, type: "status", status: "in_review" } });
    expect((await answer(isfahan.code, "esf-1")).statusCode).toBe(201);
    expect((await answer(tehran.code, "esf-2")).statusCode).toBe(404);
  });

  it("cannot be made for another agency's unit", async () => {
    const { unit } = await isfahanUnitKey();
    await expect(createApiKey(database.db, { agencyCode: "tamin", name: "x", unitId: unit.id })).rejects.toThrow(/no unit/);
  });

  it("stops working when its unit is closed, rather than widening to the whole agency", async () => {
    const { unit, headers } = await isfahanUnitKey();
    await database.db.update(agencyUnits).set({ active: false }).where(eq(agencyUnits.id, unit.id));
    // A fresh app: the key cache of the first would remember the key for a few seconds.
    const fresh = await apiApp(database.db);
    expect((await fresh.inject({ url: "/v1/cases", headers })).statusCode).toBe(401);
    await fresh.close();
  });
});

describe("a unit's key on Open311", () => {
  it("files requests located in its unit's province and is refused elsewhere", async () => {
    const unit = await createUnit(database.db, { agencyCode: "health", provinceCode: "THR", nameFa: "دانشگاه علوم پزشکی تهران", nameEn: "Tehran University of Medical Sciences" });
    const { key } = await createApiKey(database.db, { agencyCode: "health", name: "tehran", unitId: unit.id });
    expect((await post(app, "requests.json", validRequest(key, "health.hospital"))).statusCode).toBe(200);
    const elsewhere = validRequest(key, "health.hospital", { "attribute[province_code]": "ESF", "attribute[county]": "اصفهان" });
    expect((await post(app, "requests.json", elsewhere)).statusCode).toBe(403);
  });
});

describe("webhooks of a unit's cases", () => {
  const limits = { concurrency: 4, leaseSeconds: 60, instanceId: "units-test" };

  it("go to the unit's URL, signed with its secret; other provinces' cases to the agency's", async () => {
    const { unit } = await isfahanUnitKey();
    await database.db.update(agencies).set({ webhookUrl: "https://health.example/hooks", webhookSecret: "agency-secret-0123456789" }).where(eq(agencies.code, "health"));
    await setUnitWebhook(database.db, unit.id, { url: "https://isfahan.health.example/hooks", secret: "unit-secret-0123456789" });
    const isfahan = await makeCase(database.db, { agency: "health", province: "ESF" });
    const tehran = await makeCase(database.db, { agency: "health", province: "THR" });
    const [queued] = await database.db.select().from(outbox).where(and(eq(outbox.caseId, isfahan.id), eq(outbox.kind, "agency_webhook")));
    expect(queued.unitId).toBe(unit.id);
    const claimed = await claimWebhooks(database.db, 10, limits);
    const byCase = new Map(claimed.map((c) => [c.item.caseId, c]));
    expect(byCase.get(isfahan.id)).toMatchObject({ url: "https://isfahan.health.example/hooks", secret: "unit-secret-0123456789", destination: "https://isfahan.health.example/hooks" });
    expect(byCase.get(tehran.id)).toMatchObject({ url: "https://health.example/hooks", secret: "agency-secret-0123456789" });
  });

  it("go to the agency's URL while the unit has none of its own", async () => {
    await isfahanUnitKey();
    await database.db.update(agencies).set({ webhookUrl: "https://health.example/hooks", webhookSecret: "agency-secret-0123456789" }).where(eq(agencies.code, "health"));
    const isfahan = await makeCase(database.db, { agency: "health", province: "ESF" });
    const [claimed] = await claimWebhooks(database.db, 10, limits);
    expect(claimed.item.caseId).toBe(isfahan.id);
    expect(claimed).toMatchObject({ url: "https://health.example/hooks", destination: "https://health.example/hooks" });
  });

  it("are queued for a unit with a URL even when its agency has none", async () => {
    const { unit } = await isfahanUnitKey();
    await setUnitWebhook(database.db, unit.id, { url: "https://isfahan.health.example/hooks", secret: "unit-secret-0123456789" });
    const isfahan = await makeCase(database.db, { agency: "health", province: "ESF" });
    const tehran = await makeCase(database.db, { agency: "health", province: "THR" });
    const queued = await database.db.select({ caseId: outbox.caseId }).from(outbox).where(eq(outbox.kind, "agency_webhook"));
    expect(queued.map((q) => q.caseId)).toEqual([isfahan.id]);
    expect(tehran.id).toBeGreaterThan(0);
  });

  it("are listed for the unit's key and not for another province's unit key", async () => {
    const { headers } = await isfahanUnitKey();
    await database.db.update(agencies).set({ webhookUrl: "https://health.example/hooks", webhookSecret: "agency-secret-0123456789" }).where(eq(agencies.code, "health"));
    await makeCase(database.db, { agency: "health", province: "ESF" });
    await makeCase(database.db, { agency: "health", province: "THR" });
    const res = await app.inject({ url: "/v1/webhook-deliveries", headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(1);
  });
});
