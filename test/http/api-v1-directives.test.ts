import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { acknowledgeDirective } from "../../core/directives.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { seedRecipients } from "../support/deliveries.ts";
import { apiApp, bearer, errorOf, region } from "./api-v1-fixtures.ts";

// POST/GET /v1/directives and /v1/broadcasts: who may issue what to whom, the progress they read back,
// idempotency, and a 4xx with a JSON body for every bad request.

let database: Database;
let db: Db;
let app: FastifyInstance;
let thr: { provinceId: number; countyIds: number[] };
let esf: { provinceId: number; countyIds: number[] };
const emu = new Emulator();

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  app = await apiApp(db);
  thr = await region(db, "THR");
  esf = await region(db, "ESF");
});

let tehranAssistants: number[];
beforeEach(async () => {
  await resetUserData(database);
  tehranAssistants = [
    ...(await seedRecipients(db, emu, 500_000, 2, { roles: ["assistant"], provinceId: thr.provinceId, countyId: thr.countyIds[0] })),
    ...(await seedRecipients(db, emu, 500_010, 1, { roles: ["assistant"], provinceId: thr.provinceId, countyId: thr.countyIds[1] })),
  ];
  await seedRecipients(db, emu, 500_020, 2, { roles: ["assistant"], provinceId: esf.provinceId, countyId: esf.countyIds[0] });
  await seedRecipients(db, emu, 500_030, 1, { roles: ["provincial"], provinceId: thr.provinceId });
  await seedRecipients(db, emu, 500_040, 4, { optIn: true });
  await seedRecipients(db, emu, 500_050, 3, { optIn: false });
});

const post = (url: string, auth: { authorization: string }, payload: unknown) => app.inject({ method: "POST", url, headers: auth, payload: payload as object });
const directive = (over: Record<string, unknown> = {}) => ({ title: "برگزاری نشست هم‌اندیشی", text: "همهٔ دستیاران تا پایان هفته نشست را برگزار کنند.", audience: { roles: ["assistant"], provinces: ["THR"] }, ...over });

describe("POST /v1/directives", () => {
  it("sends a directive to exactly its audience and shows who has acknowledged", async () => {
    const auth = await bearer(db, null);
    const res = await post("/v1/directives", auth, directive({ due_at: "1499/01/15", request_id: "d-1" }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ title: "برگزاری نشست هم‌اندیشی", total: 3, acknowledged: 0, progress: "۰ از ۳ تأیید کرده‌اند", issuer_role: "admin" });
    expect(body.not_acknowledged).toHaveLength(3);
    expect(body.due_at).toMatch(/^2120-/);
    const [d] = rowsOf(await db.execute(sql`select delivery_id from directives where id = ${body.id}`));
    expect((await acknowledgeDirective(db, tehranAssistants[0], Number(d.delivery_id))).ok).toBe(true);
    const read = await app.inject({ url: `/v1/directives/${body.id}`, headers: auth });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ acknowledged: 1, progress: "۱ از ۳ تأیید کرده‌اند" });
    expect(read.json().not_acknowledged).toHaveLength(2);
  });

  it("answers a repeated request_id with the first directive and sends nothing twice", async () => {
    const auth = await bearer(db, null);
    const first = await post("/v1/directives", auth, directive({ request_id: "same" }));
    const again = await post("/v1/directives", auth, directive({ request_id: "same" }));
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().id).toBe(first.json().id);
    const [{ n }] = rowsOf(await db.execute(sql`select count(*)::int as n from delivery_recipients`));
    expect(n).toBe(3);
  });

  it("lets an agency's key follow its own directives and no other's", async () => {
    const tamin = await bearer(db, "tamin");
    const water = await bearer(db, "water");
    const res = await post("/v1/directives", tamin, directive({ audience: { roles: ["provincial"] } }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ issuer_role: "agency", total: 1 });
    expect((await app.inject({ url: `/v1/directives/${res.json().id}`, headers: tamin })).statusCode).toBe(200);
    const foreign = await app.inject({ url: `/v1/directives/${res.json().id}`, headers: water });
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).code).toBe("directive_not_found");
  });

  it("refuses an agency key's directive to ministries' representatives, another agency's or its own, and delivers nothing", async () => {
    const [health] = rowsOf(await db.execute(sql`select id from agencies where code = 'health'`));
    const [education] = rowsOf(await db.execute(sql`select id from agencies where code = 'education'`));
    await db.execute(sql`insert into users (platform, platform_user_id, first_name, roles, agency_id) values
      ('telegram', 500060, 'نمایندهٔ بهداشت', '{ministry}', ${health.id}), ('telegram', 500061, 'نمایندهٔ آموزش', '{ministry}', ${education.id})`);
    const auth = await bearer(db, "education");
    for (const agencies of [["health"], ["education"], undefined]) {
      const res = await post("/v1/directives", auth, directive({ audience: { roles: ["ministry"], ...(agencies ? { agencies } : {}) } }));
      expect(res.statusCode, JSON.stringify(agencies)).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: "audience_not_allowed", message: expect.stringContaining("ministries' representatives are directed by the admins only") });
    }
    // Mixed with roles it may address, the whole directive is refused, not quietly narrowed.
    expect((await post("/v1/directives", auth, directive({ audience: { roles: ["assistant", "ministry"], provinces: ["THR"] } }))).statusCode).toBe(422);
    const [{ n }] = rowsOf(await db.execute(sql`select count(*)::int as n from deliveries`));
    expect(n).toBe(0);
    // The network is still its to direct; and an admin key directs ministries' representatives.
    expect((await post("/v1/directives", auth, directive())).statusCode).toBe(201);
    const admin = await post("/v1/directives", await bearer(db, null), directive({ audience: { roles: ["ministry"], agencies: ["health"] } }));
    expect(admin.statusCode).toBe(201);
    expect(admin.json().total).toBe(1);
  });

  it("refuses bad input with a JSON body naming what is wrong", async () => {
    const auth = await bearer(db, null);
    const cases = [
      [directive({ title: "" }), 400],
      [directive({ audience: { roles: [] } }), 400],
      [directive({ audience: { roles: ["assistant"], provinces: ["XXX"] } }), 400],
      [directive({ due_at: "فردا" }), 400],
      [directive({ due_at: "1400/01/01" }), 422],
    ] as const;
    for (const [payload, status] of cases) {
      const res = await post("/v1/directives", auth, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(errorOf(res).message.length).toBeGreaterThan(5);
    }
    const [{ n }] = rowsOf(await db.execute(sql`select count(*)::int as n from deliveries`));
    expect(n).toBe(0);
  });

  it("needs the directives:write scope", async () => {
    const res = await post("/v1/directives", await bearer(db, "tamin", ["cases:read"]), directive());
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe("insufficient_scope");
  });
});

describe("POST /v1/broadcasts", () => {
  it("sends an announcement to the citizens who opted in, and counts them", async () => {
    const auth = await bearer(db, null);
    const res = await post("/v1/broadcasts", auth, { text: "ساعت کار ادارات تغییر کرد", audience: { to: "citizens" } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: "running", total: 4, pending: 4, delivered: 0 });
  });

  it("schedules one for a Jalali date and time without sending it yet", async () => {
    const auth = await bearer(db, null);
    const res = await post("/v1/broadcasts", auth, { text: "یادآوری جشنواره", audience: { to: "staff", provinces: ["THR"] }, send_at: "1499/01/01 09:30" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: "scheduled", total: 0 });
    expect(res.json().send_at).toBe("2120-03-21T06:00:00.000Z");
  });

  it("is for admin keys only: an agency key is refused even with the scope", async () => {
    const res = await post("/v1/broadcasts", await bearer(db, "tamin", ["broadcasts:write"]), { text: "سلام", audience: { to: "citizens" } });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe("forbidden");
  });

  it("cancels one: nobody left gets it, and a second cancel says it has ended", async () => {
    const auth = await bearer(db, null);
    const { id } = (await post("/v1/broadcasts", auth, { text: "لغو خواهد شد", audience: { to: "citizens" } })).json();
    const cancel = await post(`/v1/broadcasts/${id}/cancel`, auth, {});
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ state: "cancelled", cancelled: 4, pending: 0 });
    const again = await post(`/v1/broadcasts/${id}/cancel`, auth, {});
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe("broadcast_ended");
    expect((await app.inject({ url: "/v1/broadcasts/999999", headers: auth })).statusCode).toBe(404);
  });
});
