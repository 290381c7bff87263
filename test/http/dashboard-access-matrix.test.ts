import { createHash, randomBytes } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentPeriods } from "../../core/jalali-periods.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { dashboardTokens } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { dashboardApp, ROLES, signedIn, staffPlaces, staffUser, type Role, type StaffPlaces } from "../support/dashboard.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";

// Every staff role × every way of narrowing the dashboard, over HTTP: each sees its own reach (an assistant
// its county, a provincial representative its province, a ministry's representative its agency, an admin
// everything), may narrow it, and is refused where a filter would reach past it. Written out by hand.

let database: Database;
let db: Db;
let places: StaffPlaces;
let app: FastifyInstance;
let otherAgency: { id: number; code: string };
let tehranId: number;
const cookies = {} as Record<Role, string>;

const now = new Date();
const month = recentPeriods(now).thisMonth;
const fa = (n: number) => n.toLocaleString("fa-IR");

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await resetUserData(database);
  places = await staffPlaces(db);
  [otherAgency] = rowsOf(await db.execute(sql`select id, code from agencies where code <> 'tamin' order by id limit 1`)) as { id: number; code: string }[];
  tehranId = Number(rowsOf(await db.execute(sql`select id from provinces where code = 'THR'`))[0].id);
  await seedQuarterOfCases(db, { from: month.from, to: now, cases: 400, tag: "all" });
  await seedQuarterOfCases(db, { from: month.from, to: now, cases: 60, provinces: ["ALB"], agencies: ["tamin", otherAgency.code], tag: "alborz" });
  app = await dashboardApp(db);
  for (const role of ROLES) cookies[role] = await signedIn(app, db, (await staffUser(db, role, places)).actor);
});
afterAll(async () => {
  await app.close();
  await resetUserData(database);
});

const count = async (where: SQL) =>
  Number(rowsOf(await db.execute(sql`select count(*) as n from cases where created_at >= ${month.from.toISOString()}::timestamptz and created_at < ${month.to.toISOString()}::timestamptz and ${where}`))[0].n);

const REACH: Record<Role, () => SQL> = {
  assistant: () => sql`county_id = ${places.karaj.id}`,
  provincial: () => sql`province_id = ${places.alborz.id}`,
  ministry: () => sql`(agency_id = ${places.tamin.id} or original_agency_id = ${places.tamin.id})`,
  admin: () => sql`true`,
};

type Filter = { name: string; query: () => string; where: () => SQL; refused: Role[] };
const FILTERS: Filter[] = [
  { name: "its whole reach, unfiltered", query: () => "", where: () => sql`true`, refused: [] },
  { name: "its own province (Alborz)", query: () => "province=ALB", where: () => sql`province_id = ${places.alborz.id}`, refused: [] },
  { name: "another province (Tehran)", query: () => "province=THR", where: () => sql`province_id = ${tehranId}`, refused: ["assistant", "provincial"] },
  { name: "Tamin", query: () => `agency=${places.tamin.code}`, where: () => sql`agency_id = ${places.tamin.id}`, refused: [] },
  { name: "another agency", query: () => `agency=${otherAgency.code}`, where: () => sql`agency_id = ${otherAgency.id}`, refused: ["ministry"] },
];

describe("the dashboard by role and filter", () => {
  for (const role of ROLES) {
    for (const f of FILTERS) {
      const refused = f.refused.includes(role);
      it(`${refused ? "refuses" : "shows"} the ${role} ${f.name}`, async () => {
        const res = await app.inject({ url: `/dashboard?${f.query()}`, headers: { cookie: cookies[role] } });
        if (refused) {
          expect(res.statusCode).toBe(403);
          expect(res.body).not.toContain("📥");
          return;
        }
        expect(res.statusCode).toBe(200);
        const n = await count(sql`${REACH[role]()} and ${f.where()}`);
        expect(res.body).toContain(n ? `📥 ثبت‌شده: ${fa(n)} (` : "در این دوره پرونده‌ای ثبت نشده است.");
      });
    }
  }

  it("offers a ministry's representative its own agency only, and an assistant its own province only, as fixed filters", async () => {
    const ministry = (await app.inject({ url: "/dashboard", headers: { cookie: cookies.ministry } })).body;
    expect(ministry).toMatch(/<select id="f-agency" disabled><option value="tamin" selected>[^<]+<\/option><\/select>/);
    const assistant = (await app.inject({ url: "/dashboard", headers: { cookie: cookies.assistant } })).body;
    expect(assistant).toMatch(/<select id="f-province" disabled><option value="ALB" selected>[^<]+<\/option><\/select>/);
    const admin = (await app.inject({ url: "/dashboard", headers: { cookie: cookies.admin } })).body;
    expect(admin).toMatch(/<select id="f-province" name="province"><option value="" selected>/);
  });

  it("lets no citizen in, even with a session made for them", async () => {
    const { userId } = await staffUser(db, "citizen", places);
    const token = randomBytes(32).toString("base64url");
    await db.insert(dashboardTokens).values({ tokenHash: createHash("sha256").update(token).digest("hex"), kind: "session", userId, expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await app.inject({ url: "/dashboard", headers: { cookie: `hamyar_dashboard=${token}` } })).statusCode).toBe(401);
  });
});
