import type { FastifyInstance } from "fastify";
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { caseEvents, cases, outbox } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { agencyId, apiApp, bearer, errorOf, makeCase } from "./api-v1-fixtures.ts";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await testDatabase();
  app = await apiApp(database.db);
});
beforeEach(async () => {
  await resetUserData(database);
});

const post = (code: string, headers: Record<string, string>, payload: unknown) => app.inject({ method: "POST", url: `/v1/cases/${code}/events`, headers, payload: payload as object });
const caseRow = async (id: number) => (await database.db.select().from(cases).where(eq(cases.id, id)))[0];

describe("POST /v1/cases/{code}/events", () => {
  it("changes the status with a note, answers 201 and queues the citizen's message", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const res = await post(c.code, key, { event_id: "crm-1001", type: "status", status: "in_progress", note: "پرونده به کارشناس شعبه سپرده شد." });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      event: { id: expect.any(Number), type: "status", status: "in_progress", note: "پرونده به کارشناس شعبه سپرده شد.", actor: "agency", agency: "tamin", event_id: "crm-1001", created_at: expect.any(String) },
      case_status: "in_progress",
    });
    expect((await caseRow(c.id)).status).toBe("in_progress");
    const queued = await database.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.kind, "citizen_message")));
    expect(queued).toHaveLength(1);
    expect(queued[0].payload).toEqual({ eventId: res.json().event.id });
  });

  it("has one effect for an event_id posted twice, and answers the repeat with the first result", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const payload = { event_id: "crm-77", type: "answer", text: "مستمری شما واریز شد." };
    const first = await post(c.code, key, payload);
    const second = await post(c.code, key, payload);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    // Even with a different body, the event_id decides: nothing new happens.
    const third = await post(c.code, key, { event_id: "crm-77", type: "status", status: "resolved" });
    expect(third.statusCode).toBe(200);
    expect(third.json().event).toEqual(first.json().event);
    expect(await database.db.select().from(caseEvents).where(eq(caseEvents.externalId, "crm-77"))).toHaveLength(1);
    expect((await caseRow(c.id)).status).toBe("answered");
    expect(await database.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.kind, "citizen_message")))).toHaveLength(1);
  });

  it("refuses an event_id already used on another case with 409", async () => {
    const key = await bearer(database.db, "tamin");
    const a = await makeCase(database.db, { agency: "tamin" });
    const b = await makeCase(database.db, { agency: "tamin" });
    expect((await post(a.code, key, { event_id: "dup", type: "info_request", question: "شماره بیمه؟" })).statusCode).toBe(201);
    const res = await post(b.code, key, { event_id: "dup", type: "info_request", question: "شماره بیمه؟" });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe("event_id_reused");
  });

  it("sends an answer and closes the case as answered, or as resolved when told", async () => {
    const key = await bearer(database.db, "tamin");
    const a = await makeCase(database.db, { agency: "tamin" });
    const b = await makeCase(database.db, { agency: "tamin" });
    const answered = await post(a.code, key, { event_id: "a1", type: "answer", text: "  پاسخ شما  " });
    expect(answered.json()).toMatchObject({ event: { type: "answer", status: "answered", note: "پاسخ شما" }, case_status: "answered" });
    expect((await caseRow(a.id)).closedAt).not.toBeNull();
    const resolved = await post(b.code, key, { event_id: "b1", type: "answer", text: "رفع شد", status: "resolved" });
    expect(resolved.json().case_status).toBe("resolved");
  });

  it("records the cause an agency gives when closing, and refuses one on a case it leaves open", async () => {
    const key = await bearer(database.db, "tamin");
    const a = await makeCase(database.db, { agency: "tamin" });
    const closed = await post(a.code, key, { event_id: "c1", type: "answer", text: "پرداخت انجام شد", status: "resolved", cause: "process_too_long" });
    expect(closed.statusCode).toBe(201);
    expect((await caseRow(a.id)).closeCause).toBe("process_too_long");
    const b = await makeCase(database.db, { agency: "tamin" });
    const open = await post(b.code, key, { event_id: "c2", type: "status", status: "in_progress", cause: "resources" });
    expect(open.statusCode).toBe(422);
    expect(errorOf(open).code).toBe("cause_needs_closing");
    const unknown = await post(b.code, key, { event_id: "c3", type: "status", status: "unresolved", cause: "weather" });
    expect(unknown.statusCode).toBe(400);
    expect((await caseRow(b.id)).closeCause).toBeNull();
  });

  it("asks the citizen for information: the case is awaiting_info until answered", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const res = await post(c.code, key, { event_id: "q1", type: "info_request", question: "لطفاً شماره بیمه را بفرستید." });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ event: { type: "info_request", status: null, note: "لطفاً شماره بیمه را بفرستید." }, case_status: "received" });
    const view = (await app.inject({ url: `/v1/cases/${c.code}`, headers: key })).json();
    expect(view.awaiting_info).toBe(true);
    await post(c.code, key, { event_id: "q1-answer", type: "answer", text: "ممنون، بررسی شد." });
    expect((await app.inject({ url: `/v1/cases/${c.code}`, headers: key })).json().awaiting_info).toBe(false);
  });

  it("refers a case: the new agency sees and handles it, and the original agency still sees it", async () => {
    const tamin = await bearer(database.db, "tamin");
    const health = await bearer(database.db, "health");
    const c = await makeCase(database.db, { agency: "tamin" });
    expect((await app.inject({ url: `/v1/cases/${c.code}`, headers: health })).statusCode).toBe(404);

    const res = await post(c.code, tamin, { event_id: "r1", type: "referral", to_agency: "health", note: "موضوع در صلاحیت وزارت بهداشت است." });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ event: { type: "referral", status: "referred", agency: "tamin" }, case_status: "referred" });
    const row = await caseRow(c.id);
    expect(row.agencyId).toBe(await agencyId(database.db, "health"));
    expect(row.originalAgencyId).toBe(await agencyId(database.db, "tamin"));

    const asHealth = await app.inject({ url: `/v1/cases/${c.code}`, headers: health });
    expect(asHealth.statusCode).toBe(200);
    expect(asHealth.json()).toMatchObject({ agency: { code: "health" }, original_agency: "tamin", status: "referred" });
    expect((await app.inject({ url: "/v1/cases", headers: health })).json().data.map((x: { code: string }) => x.code)).toEqual([c.code]);
    const asTamin = await app.inject({ url: `/v1/cases/${c.code}`, headers: tamin });
    expect(asTamin.statusCode).toBe(200);
    expect((await app.inject({ url: "/v1/cases", headers: tamin })).json().data.map((x: { code: string }) => x.code)).toEqual([c.code]);

    // The new agency works on it; the original one sees the progress.
    expect((await post(c.code, health, { event_id: "h1", type: "status", status: "in_progress" })).statusCode).toBe(201);
    expect((await app.inject({ url: `/v1/cases/${c.code}`, headers: tamin })).json().status).toBe("in_progress");
    // Repeating the referral is a repeat, not a second referral.
    expect((await post(c.code, tamin, { event_id: "r1", type: "referral", to_agency: "health" })).statusCode).toBe(200);
  });

  it("refuses a referral to an unknown agency (422) or to the agency that has the case (409)", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const unknown = await post(c.code, key, { event_id: "r1", type: "referral", to_agency: "nosuch" });
    expect(unknown.statusCode).toBe(422);
    expect(errorOf(unknown)).toMatchObject({ code: "unknown_agency", message: expect.stringContaining("nosuch") });
    const same = await post(c.code, key, { event_id: "r2", type: "referral", to_agency: "tamin" });
    expect(same.statusCode).toBe(409);
    expect(errorOf(same).code).toBe("same_agency");
    expect(await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id))).toHaveLength(1);
  });

  it("lets an admin key post on any case", async () => {
    const admin = await bearer(database.db, null);
    const c = await makeCase(database.db, { agency: "health" });
    const res = await post(c.code, admin, { event_id: "adm-1", type: "status", status: "in_review" });
    expect(res.statusCode).toBe(201);
    expect(res.json().event).toMatchObject({ actor: "admin", agency: "health" });
    const again = await post(c.code, admin, { event_id: "adm-1", type: "status", status: "in_review" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(res.json());
  });

  it("answers 400 naming the field for a body that does not fit its type", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const bad: [unknown, string][] = [
      [{ event_id: "e", type: "answer" }, "text"],
      [{ event_id: "e", type: "answer", text: "   " }, "text"],
      [{ event_id: "e", type: "status" }, "status"],
      [{ event_id: "e", type: "status", status: "referred" }, "status"],
      [{ event_id: "e", type: "status", status: "reopened" }, "status"],
      [{ event_id: "e", type: "referral" }, "to_agency"],
      [{ event_id: "e", type: "info_request" }, "question"],
      [{ event_id: "e", type: "close" }, "type"],
      [{ type: "answer", text: "x" }, "event_id"],
      [{ event_id: "", type: "answer", text: "x" }, "event_id"],
      [{ event_id: "x".repeat(101), type: "answer", text: "x" }, "event_id"],
      [{ event_id: "e", type: "answer", text: "x".repeat(3501) }, "text"],
      [{ event_id: "e", type: "status", status: "resolved", text: "not for a status" }, "text"],
    ];
    for (const [payload, field] of bad) {
      const res = await post(c.code, key, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe("invalid_request");
      expect(error.message, JSON.stringify(payload).slice(0, 80)).toContain(field);
    }
    expect(await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id))).toHaveLength(1);
  });

  it("answers 400 JSON for a body that is not JSON, and 415 for another content type", async () => {
    const key = await bearer(database.db, "tamin");
    const c = await makeCase(database.db, { agency: "tamin" });
    const broken = await app.inject({ method: "POST", url: `/v1/cases/${c.code}/events`, headers: { ...key, "content-type": "application/json" }, payload: "{not json" });
    expect(broken.statusCode).toBe(400);
    expect(errorOf(broken).code).toBe("invalid_json");
    const form = await app.inject({ method: "POST", url: `/v1/cases/${c.code}/events`, headers: { ...key, "content-type": "text/csv" }, payload: "a,b" });
    expect(form.statusCode).toBe(415);
    expect(errorOf(form).code).toBe("unsupported_media_type");
  });
});
