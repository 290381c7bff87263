import type { FastifyInstance } from "fastify";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { agencies, outbox, surveys, webhookAttempts } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
  await database.db.update(agencies).set({ webhookUrl: "https://hooks.example.org/hamyar", webhookSecret: "s".repeat(32) }).where(eq(agencies.code, "tamin"));
});
afterAll(async () => {
  await database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null });
});

describe("GET /v1/surveys", () => {
  it("lists answered surveys of the key's cases, oldest answer first, page by page", async () => {
    const key = await bearer(database.db, "tamin");
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await makeCase(database.db, { agency: "tamin" }));
    for (let i = 0; i < 4; i++) {
      await database.db.insert(surveys).values({ caseId: made[i].id, solved: i % 2 ? "yes" : "no", rating: i + 1, comment: `نظر ${i}`, answeredAt: new Date(Date.UTC(2025, 0, 10 - i)) });
    }
    await database.db.insert(surveys).values({ caseId: made[4].id }); // asked, never answered

    const first = await app.inject({ url: "/v1/surveys?limit=3", headers: key });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.data.map((s: { case_code: string }) => s.case_code)).toEqual([made[3].code, made[2].code, made[1].code]);
    expect(page1.data[0]).toMatchObject({ agency: "tamin", solved: "yes", rating: 4, comment: "نظر 3", objected: false, answered_at: "2025-01-07T00:00:00.000Z" });
    const page2 = (await app.inject({ url: `/v1/surveys?limit=3&cursor=${page1.next_cursor}`, headers: key })).json();
    expect(page2.data.map((s: { case_code: string }) => s.case_code)).toEqual([made[0].code]);
    expect(page2.next_cursor).toBeNull();

    const since = (await app.inject({ url: "/v1/surveys?answered_since=2025-01-09", headers: key })).json();
    expect(since.data.map((s: { case_code: string }) => s.case_code)).toEqual([made[1].code, made[0].code]);
  });
});

describe("webhook deliveries", () => {
  async function deliveries(n: number) {
    const made = [];
    for (let i = 0; i < n; i++) {
      const c = await makeCase(database.db, { agency: "tamin" });
      const [item] = await database.db.select().from(outbox).where(eq(outbox.caseId, c.id));
      made.push({ ...c, outboxId: item.id });
    }
    return made;
  }

  it("lists the agency's deliveries newest first with every attempt, page by page", async () => {
    const key = await bearer(database.db, "tamin", ["webhooks:read"]);
    const made = await deliveries(3);
    await database.db.insert(webhookAttempts).values([
      { outboxId: made[0].outboxId, attempt: 1, statusCode: 503, error: "HTTP 503", durationMs: 40 },
      { outboxId: made[0].outboxId, attempt: 2, statusCode: 200, durationMs: 35 },
    ]);
    await database.db.update(outbox).set({ status: "done", doneAt: sql`now()`, attempts: 2 }).where(eq(outbox.id, made[0].outboxId));

    const res = await app.inject({ url: "/v1/webhook-deliveries?limit=2", headers: key });
    expect(res.statusCode).toBe(200);
    const page1 = res.json();
    expect(page1.data.map((d: { id: number }) => d.id)).toEqual([made[2].outboxId, made[1].outboxId]);
    expect(page1.data[0]).toMatchObject({ event: "case.created", agency: "tamin", case_code: made[2].code, status: "pending", delivery_id: `case.created:case:${made[2].id}`, attempts: [] });
    const page2 = (await app.inject({ url: `/v1/webhook-deliveries?limit=2&cursor=${page1.next_cursor}`, headers: key })).json();
    expect(page2.next_cursor).toBeNull();
    expect(page2.data).toHaveLength(1);
    expect(page2.data[0]).toMatchObject({
      id: made[0].outboxId,
      status: "done",
      attempt_count: 2,
      next_attempt_at: null,
      done_at: expect.any(String),
      attempts: [
        { attempt: 1, status_code: 503, error: "HTTP 503", duration_ms: 40, created_at: expect.any(String) },
        { attempt: 2, status_code: 200, error: null, duration_ms: 35, created_at: expect.any(String) },
      ],
    });
    const done = (await app.inject({ url: "/v1/webhook-deliveries?status=done", headers: key })).json();
    expect(done.data.map((d: { id: number }) => d.id)).toEqual([made[0].outboxId]);
    // The body sent and the signing secret are not part of the log.
    expect(JSON.stringify(page1)).not.toContain("s".repeat(32));
  });

  it("makes a dead delivery due again on retry", async () => {
    const key = await bearer(database.db, "tamin");
    const [d] = await deliveries(1);
    await database.db.update(outbox).set({ status: "dead", lastError: "HTTP 410", nextAttemptAt: sql`now() + interval '1 day'` }).where(eq(outbox.id, d.outboxId));
    const res = await app.inject({ method: "POST", url: `/v1/webhook-deliveries/${d.outboxId}/retry`, headers: key });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ id: d.outboxId, status: "pending", last_error: "HTTP 410" });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, d.outboxId));
    expect(row.status).toBe("pending");
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("answers 404 for an unknown delivery, a citizen message, and 400 for a bad id", async () => {
    const key = await bearer(database.db, "tamin");
    const [d] = await deliveries(1);
    await database.db.insert(outbox).values({ kind: "citizen_message", key: "citizen:x", orderKey: "user:1", caseId: d.id, agencyId: null, payload: {} });
    const [citizen] = await database.db.select().from(outbox).where(eq(outbox.kind, "citizen_message"));
    for (const id of [999_999, citizen.id]) {
      const res = await app.inject({ method: "POST", url: `/v1/webhook-deliveries/${id}/retry`, headers: key });
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe("delivery_not_found");
    }
    const bad = await app.inject({ method: "POST", url: "/v1/webhook-deliveries/abc/retry", headers: key });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toContain("id");
    const list = (await app.inject({ url: "/v1/webhook-deliveries", headers: await bearer(database.db, null) })).json();
    expect(list.data.map((x: { id: number }) => x.id)).toEqual([d.outboxId]);
  });
});
