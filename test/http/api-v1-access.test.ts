import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "../../core/api-keys.ts";
import type { Database } from "../../db/client.ts";
import { agencies, caseEvents, cases, outbox, surveys, webhookAttempts } from "../../db/schema.ts";
import type { PlatformFiles } from "../../bot/platform-files.ts";
import { capturingLogger } from "../support/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { agencyId, apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

let database: Database;
let app: FastifyInstance;
const downloads: string[] = [];
const files: PlatformFiles = {
  async download(fileId) {
    downloads.push(fileId);
    return { body: Buffer.from("bytes") };
  },
};

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db, { files });
});
afterAll(async () => {
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null });
});
beforeEach(async () => {
  await resetUserData(database);
  downloads.length = 0;
});

describe("API v1 authentication", () => {
  it("answers 401 with a JSON error and a Bearer challenge when the Authorization header is missing", async () => {
    const res = await app.inject({ url: "/v1/cases" });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe("unauthorized");
    expect(errorOf(res).message).toContain("Authorization: Bearer");
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer /);
  });

  it("answers 401 for a malformed header, an unknown key and a revoked key", async () => {
    const { id, key } = await createApiKey(database.db, { agencyCode: "tamin", name: "t" });
    await revokeApiKey(database.db, id);
    const cases = [
      { authorization: `Basic ${Buffer.from("a:b").toString("base64")}`, code: "unauthorized" },
      { authorization: "Bearer", code: "unauthorized" },
      { authorization: "Bearer hmy_this-key-was-never-issued-0000000", code: "invalid_api_key" },
      { authorization: "Bearer not-even-the-format", code: "invalid_api_key" },
      { authorization: `Bearer ${key}`, code: "invalid_api_key" },
    ];
    for (const c of cases) {
      const res = await app.inject({ url: "/v1/cases", headers: { authorization: c.authorization } });
      expect(res.statusCode, c.authorization).toBe(401);
      expect(errorOf(res).code, c.authorization).toBe(c.code);
    }
  });

  it("accepts a valid key whatever the case of the word Bearer", async () => {
    const { key } = await createApiKey(database.db, { agencyCode: "tamin", name: "t" });
    const res = await app.inject({ url: "/v1/cases", headers: { authorization: `bearer ${key}` } });
    expect(res.statusCode).toBe(200);
  });

  it("answers 403 naming the missing scope", async () => {
    const readOnly = await bearer(database.db, "tamin", ["cases:read"]);
    const surveysOnly = await bearer(database.db, "tamin", ["surveys:read"]);
    const { code } = await makeCase(database.db, { agency: "tamin" });

    const list = await app.inject({ url: "/v1/cases", headers: surveysOnly });
    expect(list.statusCode).toBe(403);
    expect(errorOf(list)).toMatchObject({ code: "insufficient_scope", message: expect.stringContaining("cases:read") });

    const post = await app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers: readOnly, payload: { event_id: "e1", type: "info_request", question: "شماره قرارداد؟" } });
    expect(post.statusCode).toBe(403);
    expect(errorOf(post).message).toContain("cases:write");
    expect(await database.db.select().from(caseEvents).where(eq(caseEvents.externalId, "e1"))).toHaveLength(0);

    for (const [url, method, scope] of [
      ["/v1/surveys", "GET", "surveys:read"],
      ["/v1/webhook-deliveries", "GET", "webhooks:read"],
      ["/v1/webhook-deliveries/1/retry", "POST", "webhooks:write"],
    ] as const) {
      const res = await app.inject({ method, url, headers: readOnly });
      expect(res.statusCode, url).toBe(403);
      expect(errorOf(res).message, url).toContain(scope);
    }
  });

  it("checks the key before it looks at the input", async () => {
    const res = await app.inject({ method: "POST", url: "/v1/cases/123/events", payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
  });

  it("never writes the API key to the log", async () => {
    const { logger, lines } = capturingLogger();
    const logged = await apiApp(database.db, { logger });
    const { key } = await createApiKey(database.db, { agencyCode: "tamin", name: "t" });
    await logged.inject({ url: "/v1/cases?status=bogus", headers: { authorization: `Bearer ${key}` } });
    await logged.inject({ url: "/v1/cases", headers: { authorization: `Bearer ${key}` } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(key);
    await logged.close();
  });
});

describe("an API key of agency A never reads agency B's case", () => {
  async function twoAgencies() {
    // Both agencies take webhooks, so each case has a delivery in the outbox.
    await database.db.update(agencies).set({ webhookUrl: "https://hooks.example.org/hamyar", webhookSecret: "s".repeat(32) }).where(sql`${agencies.code} in ('tamin', 'health')`);
    const photo = { kind: "photo" as const, fileId: "", fileUniqueId: "", fileSize: 5 };
    const a = await makeCase(database.db, { agency: "tamin", attachments: [{ ...photo, fileId: "file-a", fileUniqueId: "ua" }] });
    const b = await makeCase(database.db, { agency: "health", attachments: [{ ...photo, fileId: "file-b", fileUniqueId: "ub" }] });
    for (const c of [a, b]) {
      await database.db.insert(surveys).values({ caseId: c.id, solved: "yes", rating: 5, answeredAt: new Date() });
      const [delivery] = await database.db.select().from(outbox).where(eq(outbox.caseId, c.id));
      await database.db.insert(webhookAttempts).values({ outboxId: delivery.id, attempt: 1, statusCode: 500, durationMs: 12 });
    }
    const attachmentOf = async (caseId: number) => (await database.db.execute(sql`select id from attachments where case_id = ${caseId}`)) as unknown;
    return { a, b, attachmentOf, keyA: await bearer(database.db, "tamin"), keyB: await bearer(database.db, "health") };
  }
  const rowsOf = (r: unknown): { id: number }[] => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows);

  it("does not list it, even when asked for B's cases", async () => {
    const { a, keyA } = await twoAgencies();
    const all = await app.inject({ url: "/v1/cases", headers: keyA });
    expect(all.json().data.map((c: { code: string }) => c.code)).toEqual([a.code]);
    const asked = await app.inject({ url: "/v1/cases?agency=health", headers: keyA });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().data).toEqual([]);
  });

  it("answers 404 for it exactly as for a code that does not exist", async () => {
    const { b, keyA } = await twoAgencies();
    const foreign = await app.inject({ url: `/v1/cases/${b.code}`, headers: keyA });
    const unknown = await app.inject({ url: "/v1/cases/123456782", headers: keyA });
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(foreign).code).toBe("case_not_found");
    expect(errorOf(foreign).message.replace(b.code, "X")).toBe(errorOf(unknown).message.replace("123456782", "X"));
  });

  it("cannot post an event on it, and the case does not change", async () => {
    const { b, keyA } = await twoAgencies();
    for (const payload of [
      { event_id: "x1", type: "status", status: "resolved", note: "بسته شد" },
      { event_id: "x2", type: "answer", text: "پاسخ" },
      { event_id: "x3", type: "referral", to_agency: "tamin" },
      { event_id: "x4", type: "info_request", question: "؟" },
    ]) {
      const res = await app.inject({ method: "POST", url: `/v1/cases/${b.code}/events`, headers: keyA, payload });
      expect(res.statusCode, payload.type).toBe(404);
      expect(errorOf(res).code).toBe("case_not_found");
    }
    const [row] = await database.db.select().from(cases).where(eq(cases.id, b.id));
    expect(row.status).toBe("received");
    expect(row.agencyId).toBe(await agencyId(database.db, "health"));
    expect(await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, b.id))).toHaveLength(1);
  });

  it("cannot download its attachments", async () => {
    const { a, b, keyA, attachmentOf } = await twoAgencies();
    const [attB] = rowsOf(await attachmentOf(b.id));
    const [attA] = rowsOf(await attachmentOf(a.id));
    const res = await app.inject({ url: `/v1/attachments/${attB.id}`, headers: keyA });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe("attachment_not_found");
    expect(downloads).toEqual([]);
    expect((await app.inject({ url: `/v1/attachments/${attA.id}`, headers: keyA })).statusCode).toBe(200);
    expect(downloads).toEqual(["file-a"]);
  });

  it("does not see its survey or its webhook deliveries, and cannot retry them", async () => {
    const { a, b, keyA } = await twoAgencies();
    const surveysA = await app.inject({ url: "/v1/surveys", headers: keyA });
    expect(surveysA.json().data.map((s: { case_code: string }) => s.case_code)).toEqual([a.code]);
    const deliveriesA = await app.inject({ url: "/v1/webhook-deliveries", headers: keyA });
    expect(deliveriesA.json().data.map((d: { case_code: string }) => d.case_code)).toEqual([a.code]);
    const [deliveryB] = await database.db.select().from(outbox).where(eq(outbox.caseId, b.id));
    const retry = await app.inject({ method: "POST", url: `/v1/webhook-deliveries/${deliveryB.id}/retry`, headers: keyA });
    expect(retry.statusCode).toBe(404);
    expect(errorOf(retry).code).toBe("delivery_not_found");
  });

  it("lets an admin key read both agencies' cases", async () => {
    const { a, b } = await twoAgencies();
    const admin = await bearer(database.db, null);
    const res = await app.inject({ url: "/v1/cases", headers: admin });
    expect(res.json().data.map((c: { code: string }) => c.code).sort()).toEqual([a.code, b.code].sort());
    expect((await app.inject({ url: `/v1/cases/${b.code}`, headers: admin })).statusCode).toBe(200);
    const deliveries = await app.inject({ url: "/v1/webhook-deliveries", headers: admin });
    expect(deliveries.json().data).toHaveLength(2);
  });
});
