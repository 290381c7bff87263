import { and, asc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "../../core/api-keys.ts";
import { postAgencyEvent, postCitizenEvent } from "../../core/case-events.ts";
import type { Database } from "../../db/client.ts";
import { agencies, caseEvents, cases, outbox } from "../../db/schema.ts";
import { agencyIdByCode } from "../../db/seed.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { caseByCode } from "../support/filing.ts";
import { asXmlText, BASE, body, childText, expectErrors, form, get, keys, post, spark, testApp, validRequest } from "./open311-helpers.ts";

// The servicerequestupdates extension as FixMyStreet uses it (perllib/Open311.pm): GET pulls the agency's
// changes on the requests a key sees, POST sends a comment on one, which reaches the agency as the
// reporter's follow-up.

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

async function file(service = "health.hospital"): Promise<string> {
  const res = await post(app, "requests.json", validRequest(k.admin, service));
  expect(res.statusCode, res.body).toBe(200);
  return res.json()[0].service_request_id;
}
const agencyEvent = async (code: string, agency: string, eventId: string, input: Parameters<typeof postAgencyEvent>[1]["input"]) =>
  postAgencyEvent(database.db, { code, actor: { kind: "agency_key", keyId: 0, agencyId: (await agencyIdByCode(database.db, agency))! }, eventId, input });
const updates = async (apiKey: string, query: Record<string, string> = {}) => {
  const res = await get(app, "servicerequestupdates.json", { api_key: apiKey, ...query });
  expect(res.statusCode, res.body).toBe(200);
  return body(res, "json") as Record<string, string | null>[];
};

/** The fields FixMyStreet posts for a comment (Open311.pm, _populate_service_request_update_params). */
const fmsComment = (apiKey: string, serviceRequestId: string, extra: Record<string, string | undefined> = {}) => ({
  jurisdiction_id: "hamyar.ir",
  api_key: apiKey,
  updated_datetime: "2026-11-22T10:15:03Z",
  service_request_id: serviceRequestId,
  status: "OPEN",
  description: "هنوز چاله پر نشده و دیشب یک موتورسوار زمین خورد.",
  last_name: "احمدی",
  first_name: "مریم",
  email: "maryam@example.ir",
  update_id: "8812",
  ...extra,
});

const FIELDS = ["update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("GET servicerequestupdates", () => {
  it("lists the agency's status change, answer and question as request_updates with the extension's fields, oldest first", async () => {
    const code = await file();
    await agencyEvent(code, "health", "e1", { type: "status", status: "in_progress", note: "به بیمارستان سینا ارجاع داخلی شد." });
    await agencyEvent(code, "health", "e2", { type: "info_request", question: "ساعت دقیق مراجعه را بفرمایید." });
    await agencyEvent(code, "health", "e3", { type: "answer", text: "صف پذیرش با نیروی تازه کوتاه شد." });
    const list = await updates(k.health);
    expect(list).toHaveLength(3);
    for (const u of list) {
      expect(Object.keys(u)).toEqual(FIELDS);
      expect(u.updated_datetime).toMatch(W3C);
      expect(u.service_request_id).toBe(code);
      expect(u.media_url).toBeNull();
    }
    expect(list.map((u) => [u.status, u.description])).toEqual([
      ["open", "به بیمارستان سینا ارجاع داخلی شد."],
      ["open", "ساعت دقیق مراجعه را بفرمایید."],
      ["closed", "صف پذیرش با نیروی تازه کوتاه شد."],
    ]);
    const ids = (await database.db.select({ id: caseEvents.id }).from(caseEvents).where(eq(caseEvents.actor, "agency")).orderBy(asc(caseEvents.id))).map((e) => String(e.id));
    expect(list.map((u) => u.update_id)).toEqual(ids);
  });

  it("serves the same updates as <service_request_updates><request_update> in XML", async () => {
    const code = await file();
    await agencyEvent(code, "health", "e1", { type: "status", status: "in_review" });
    const xml = body(await get(app, "servicerequestupdates.xml", { api_key: k.health }), "xml");
    expect(xml.name).toBe("service_request_updates");
    expect(xml.children.map((c: { name: string }) => c.name)).toEqual(["request_update"]);
    expect(xml.children[0].children.map((c: { name: string }) => c.name)).toEqual(FIELDS);
    expect(childText(xml.children[0], "media_url")).toBeNull();
    expect(spark(xml)).toEqual(asXmlText(await updates(k.health)));
  });

  it("says what happened when the agency left no note, and shows the citizen's objection without its words", async () => {
    const code = await file();
    await agencyEvent(code, "health", "e1", { type: "status", status: "in_progress" });
    await agencyEvent(code, "health", "e2", { type: "answer", text: "پاسخ داده شد." });
    const c = await caseByCode(database.db, code);
    await postCitizenEvent(database.db, { caseId: c.id, userId: c.userId, type: "followup", text: "پیگیری خصوصی شهروند" });
    await postCitizenEvent(database.db, { caseId: c.id, userId: c.userId, type: "objection", text: "متن خصوصی اعتراض" });
    await agencyEvent(code, "health", "e3", { type: "referral", toAgency: "tax" });
    const list = await updates(k.health, { locale: "en" });
    expect(list.map((u) => [u.status, u.description])).toEqual([
      ["open", "Status: In progress."],
      ["closed", "پاسخ داده شد."],
      ["open", "The reporter objected to the answer; the request is open again."],
      ["open", "Referred to another agency."],
    ]);
    const text = (await get(app, "servicerequestupdates.xml", { api_key: k.admin })).body;
    for (const secret of ["پیگیری خصوصی", "متن خصوصی"]) expect(text).not.toContain(secret);
  });

  it("takes FixMyStreet's window (start_date an hour ago, end_date now, whole seconds with Z) including an update made within the last second", async () => {
    const code = await file();
    await agencyEvent(code, "health", "e1", { type: "status", status: "in_review" });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000 + 400); // 5 s ago, at .400
    await database.db.update(caseEvents).set({ createdAt: at }).where(eq(caseEvents.externalId, "e1"));
    const whole = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const endAtIt = { start_date: whole(new Date(at.getTime() - 3600_000)), end_date: whole(at) };
    expect((await updates(k.health, endAtIt)).map((u) => u.updated_datetime)).toEqual([whole(at)]);
    // The window ends a second before what is shown: left out; one that starts after the shown second: left out too.
    expect(await updates(k.health, { ...endAtIt, end_date: whole(new Date(at.getTime() - 1000)) })).toEqual([]);
    expect(await updates(k.health, { start_date: at.toISOString().replace(/\.\d{3}Z$/, ".500Z"), end_date: whole(new Date()) })).toEqual([]);
  });

  it("answers 400 for a bad date or a reversed window, and 403 without a key, saying how to send it", async () => {
    expectErrors(await get(app, "servicerequestupdates.json", { api_key: k.admin, start_date: "2026-01-01T00:00:00" }), 400);
    expectErrors(await get(app, "servicerequestupdates.xml", { api_key: k.admin, start_date: "2026-02-01T00:00:00Z", end_date: "2026-01-01T00:00:00Z" }), 400, "xml");
    const [description] = expectErrors(await get(app, "servicerequestupdates.json", { locale: "en" }), 403);
    expect(description).toContain("api_key parameter");
  });

  it("never shows agency A the updates on agency B's requests, while a referring agency keeps seeing its request's", async () => {
    const mine = await file("health.hospital");
    const theirs = await file("tax.vat");
    await agencyEvent(theirs, "tax", "t1", { type: "status", status: "in_review", note: "یادداشت مالیاتی" });
    await agencyEvent(mine, "health", "h1", { type: "referral", toAgency: "tax", note: "ارجاع به مالیات" });
    await agencyEvent(mine, "tax", "t2", { type: "answer", text: "پاسخ مالیات به درخواست ارجاعی" });
    const seenBy = async (key: string) => (await updates(key)).map((u) => `${u.service_request_id}:${u.description}`).sort();
    expect(await seenBy(k.health)).toEqual([`${mine}:ارجاع به مالیات`, `${mine}:پاسخ مالیات به درخواست ارجاعی`].sort());
    expect(await seenBy(k.tax)).toEqual([`${mine}:ارجاع به مالیات`, `${mine}:پاسخ مالیات به درخواست ارجاعی`, `${theirs}:یادداشت مالیاتی`].sort());
    const interior = await createApiKey(database.db, { agencyCode: "interior", name: "interior" });
    expect(await updates(interior.key)).toEqual([]);
  });
});

describe("POST servicerequestupdates", () => {
  it("turns FixMyStreet's comment into the reporter's follow-up to the agency and answers its update_id", async () => {
    const code = await file();
    await database.db.update(agencies).set({ webhookUrl: "https://hooks.example.org/hamyar", webhookSecret: "s".repeat(32) }).where(eq(agencies.code, "health"));
    const res = await post(app, "servicerequestupdates.xml", fmsComment(k.health, code)).finally(() => database.db.update(agencies).set({ webhookUrl: null, webhookSecret: null }));
    expect(res.statusCode, res.body).toBe(200);
    const xml = body(res, "xml");
    expect(xml.name).toBe("service_request_updates");
    expect(xml.children.map((c: { name: string }) => c.name)).toEqual(["request_update"]);
    const updateId = childText(xml.children[0], "update_id");
    const c = await caseByCode(database.db, code);
    const [event] = await database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, "followup")));
    expect(event).toMatchObject({ id: Number(updateId), actor: "citizen", note: "هنوز چاله پر نشده و دیشب یک موتورسوار زمین خورد." });
    const [webhook] = await database.db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.event, "case.followup")));
    expect(webhook).toBeTruthy();
    // Who commented is not kept: FixMyStreet sends its user's name and email with every comment.
    expect(JSON.stringify(await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)))).not.toContain("maryam@");
  });

  it("records a comment posted twice with the same update_id once, answering the same update_id", async () => {
    const code = await file();
    const first = await post(app, "servicerequestupdates.json", fmsComment(k.health, code));
    const again = await post(app, "servicerequestupdates.json", fmsComment(k.health, code));
    expect(again.json()).toEqual(first.json());
    const c = await caseByCode(database.db, code);
    expect(await database.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, "followup")))).toHaveLength(1);
    const other = await post(app, "servicerequestupdates.json", fmsComment(k.health, code, { update_id: "8813" }));
    expect(other.json()[0].update_id).not.toBe(first.json()[0].update_id);
    const elsewhere = await post(app, "servicerequestupdates.json", fmsComment(k.health, await file(), { locale: "en" }));
    expect(expectErrors(elsewhere, 400)[0]).toContain("already used");
  });

  it("answers the agency's question when it awaits information (info_provided)", async () => {
    const code = await file();
    await agencyEvent(code, "health", "q1", { type: "info_request", question: "کدام ورودی بیمارستان؟" });
    const res = await post(app, "servicerequestupdates.json", fmsComment(k.health, code, { description: "ورودی اورژانس، خیابان شمالی." }));
    expect(res.statusCode, res.body).toBe(200);
    const [c] = await database.db.select().from(cases).where(eq(cases.trackingCode, code));
    expect(c.awaitingInfo).toBe(false);
    const [event] = await database.db.select().from(caseEvents).where(eq(caseEvents.id, Number(res.json()[0].update_id)));
    expect(event).toMatchObject({ type: "info_provided", note: "ورودی اورژانس، خیابان شمالی." });
  });

  it("tells the agency the reporter's status when it differs from the case's, and keeps media_url, without changing the status", async () => {
    const code = await file();
    const res = await post(app, "servicerequestupdates.json", fmsComment(k.health, code, { status: "FIXED", media_url: "https://fms.example.ir/photo/c/55.jpeg" }));
    const [event] = await database.db.select().from(caseEvents).where(eq(caseEvents.id, Number(res.json()[0].update_id)));
    expect(event.note).toBe(
      "هنوز چاله پر نشده و دیشب یک موتورسوار زمین خورد.\n\nوضعیت از دید گزارش‌دهنده (status): بسته (closed)\nرسانه (media_url): https://fms.example.ir/photo/c/55.jpeg",
    );
    expect((await caseByCode(database.db, code)).status).toBe("received");
    const open = await post(app, "servicerequestupdates.json", fmsComment(k.health, code, { update_id: "8899" }));
    const [plain] = await database.db.select().from(caseEvents).where(eq(caseEvents.id, Number(open.json()[0].update_id)));
    expect(plain.note).toBe("هنوز چاله پر نشده و دیشب یک موتورسوار زمین خورد.");
  });

  it("reports every missing or invalid field at once (400)", async () => {
    const descriptions = expectErrors(
      await post(app, "servicerequestupdates.json", { api_key: k.health, status: "<open>", updated_datetime: "yesterday", media_url: "ftp://x", locale: "en" }),
      400,
    );
    expect(descriptions).toEqual([
      "service_request_id is required.",
      "description is required.",
      'status "<open>" is not valid; e.g. OPEN or CLOSED.',
      "updated_datetime must be a w3c datetime with a time zone, e.g. 2026-01-01T10:00:00Z.",
      "media_url must be a valid http or https URL (at most 2000 characters).",
    ]);
  });

  it("answers 404 for another agency's request or an unknown one, 403 without a key or the scope", async () => {
    const theirs = await file("tax.vat");
    expectErrors(await post(app, "servicerequestupdates.json", fmsComment(k.health, theirs)), 404);
    expectErrors(await post(app, "servicerequestupdates.xml", fmsComment(k.health, "123456789")), 404, "xml");
    const { api_key: _drop, ...noKey } = fmsComment(k.health, theirs);
    expectErrors(await post(app, "servicerequestupdates.json", noKey), 403);
    const reader = await createApiKey(database.db, { agencyCode: "tax", name: "reader", scopes: ["cases:read"] });
    expectErrors(await post(app, "servicerequestupdates.json", fmsComment(reader.key, theirs)), 403);
    expect((await post(app, "servicerequestupdates.json", fmsComment(k.tax, theirs))).statusCode).toBe(200);
  });

  it("refuses a comment on a case filed in the chat bot: only its citizen speaks for it (403)", async () => {
    const code = await file();
    await database.db.update(cases).set({ channel: "bot" }).where(eq(cases.trackingCode, code));
    const [description] = expectErrors(await post(app, "servicerequestupdates.json", fmsComment(k.health, code, { locale: "en" })), 403);
    expect(description).toContain("filed through Open311");
  });

  it("accepts the comment as a JSON body or a query string too, like POST requests", async () => {
    const code = await file();
    const res = await app.inject({ method: "POST", url: `${BASE}/servicerequestupdates.json?${form({ api_key: k.health })}`, payload: { service_request_id: code, description: "پیام با بدنهٔ JSON" } });
    expect(res.statusCode, res.body).toBe(200);
  });
});
