import { eq, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { allows, scopeCondition, type Action, type Actor, type RecordKind } from "../../core/access.ts";
import { checkAudience } from "../../core/audiences.ts";
import { fileCase } from "../../core/cases.ts";
import type { Database } from "../../db/client.ts";
import { activities, activityAgencies, agencies, cases, counties, deliveries, directives, monthlyReports, networkMembers, outbox, provinces, quarterlyReports, users } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { rowsOf } from "../../db/rows.ts";

// The access model as a matrix: every kind of actor × every action × records in its own and in other
// regions. Records: in county A1 and A2 (both province A) and in county B1 (province B); cases with
// agencies X and Y. The expected table is the policy written out by hand, independent of core/access.ts.
// Agency X has keys limited to its units: one for province A, one for county A2, one for province B.

let database: Database;
const place = { A1: 0, A2: 0, B1: 0, A: 0, B: 0, X: 0, Y: 0 };
const owner = { citizen: 0, other: 0 };

type Label = string;
const ids = new Map<string, Map<number, Label>>();

async function seed() {
  await resetUserData(database);
  const db = database.db;
  const [pa, pb] = await db.select().from(provinces).limit(2);
  const [a1, a2] = await db.select().from(counties).where(eq(counties.provinceId, pa.id)).limit(2);
  const [b1] = await db.select().from(counties).where(eq(counties.provinceId, pb.id)).limit(1);
  const [x, y] = await db.select().from(agencies).limit(2);
  Object.assign(place, { A1: a1.id, A2: a2.id, B1: b1.id, A: pa.id, B: pb.id, X: x.id, Y: y.id });
  const [u1, u2, staff] = await db
    .insert(users)
    .values([1, 2, 3].map((n) => ({ platform: "telegram", platformUserId: 990000 + n })))
    .returning();
  Object.assign(owner, { citizen: u1.id, other: u2.id });
  const label = (kind: string, id: number, name: Label) => {
    if (!ids.has(kind)) ids.set(kind, new Map());
    ids.get(kind)!.set(id, name);
  };
  const file = async (name: string, userId: number, agencyId: number, provinceId: number, countyId: number) => {
    const c = await fileCase(db, { platform: "telegram", userId, kind: "complaint", agencyId, provinceId, countyId, subject: "موضوع آزمایشی", description: "شرح آزمایشی برای ماتریس دسترسی", anonymous: false, contactPhoneVerified: false, attachments: [], clientKey: name });
    label("case", c.caseId, name);
  };
  await file("case-A1-X-citizen", u1.id, x.id, pa.id, a1.id);
  await file("case-B1-Y-other", u2.id, y.id, pb.id, b1.id);
  await file("case-A2-X-other", u2.id, x.id, pa.id, a2.id);
  for (const [name, countyId, provinceId] of [["member-A1", a1.id, pa.id], ["member-B1", b1.id, pb.id]] as const) {
    const [m] = await db.insert(networkMembers).values({ countyId, provinceId, kind: "helper", form: "person", name, domain: "social", clientKey: name }).returning();
    label("member", m.id, name);
  }
  for (const [name, countyId, provinceId, agencyId] of [["activity-A1-X", a1.id, pa.id, x.id], ["activity-B1", b1.id, pb.id, null]] as const) {
    const [a] = await db
      .insert(activities)
      .values({ countyId, provinceId, userId: staff.id, kind: "other", occurredOn: "2026-11-25", jYear: 1405, jMonth: 9, participants: 3, description: name, clientKey: name })
      .returning();
    if (agencyId) await db.insert(activityAgencies).values({ activityId: a.id, agencyId });
    label("activity", a.id, name);
  }
  for (const [name, countyId, provinceId] of [["monthly-A1", a1.id, pa.id], ["monthly-A2", a2.id, pa.id], ["monthly-B1", b1.id, pb.id]] as const) {
    const [r] = await db.insert(monthlyReports).values({ countyId, provinceId, jYear: 1405, jMonth: 9 }).returning();
    label("monthly_report", r.id, name);
  }
  for (const [name, provinceId] of [["quarterly-A", pa.id], ["quarterly-B", pb.id]] as const) {
    const [r] = await db.insert(quarterlyReports).values({ provinceId, jYear: 1405, quarter: 3 }).returning();
    label("quarterly_report", r.id, name);
  }
  for (const [name, agencyId] of [["delivery-X", x.id], ["delivery-Y", y.id]] as const) {
    const [d] = await db.insert(outbox).values({ kind: "agency_webhook", key: name, orderKey: name, agencyId, payload: {} }).returning();
    label("delivery", d.id, name);
  }
  const deliveryRow = async (key: string, kind: string) =>
    (await db.insert(deliveries).values({ kind, priority: 2, message: { text: key }, audience: { to: "staff", roles: ["assistant"] }, key }).returning())[0];
  for (const [name, role, provinceId, agencyId] of [["directive-admin", "admin", null, null], ["directive-X", "ministry", null, x.id], ["directive-A", "provincial", pa.id, null]] as const) {
    const d = await deliveryRow(name, "directive");
    const [row] = await db.insert(directives).values({ deliveryId: d.id, title: name, body: name, issuerRole: role, issuerProvinceId: provinceId, issuerAgencyId: agencyId }).returning();
    label("directive", row.id, name);
  }
  label("broadcast", (await deliveryRow("broadcast-1", "announcement")).id, "broadcast-1");
}

const actors = (): Record<string, Actor> => ({
  citizen: { kind: "citizen", userId: owner.citizen },
  assistantA1: { kind: "assistant", userId: -1, countyId: place.A1, provinceId: place.A },
  assistantA2: { kind: "assistant", userId: -2, countyId: place.A2, provinceId: place.A },
  provincialA: { kind: "provincial", userId: -3, provinceId: place.A },
  provincialB: { kind: "provincial", userId: -4, provinceId: place.B },
  ministryX: { kind: "ministry", userId: -5, agencyId: place.X },
  admin: { kind: "admin", userId: -6 },
  keyX: { kind: "agency_key", keyId: 1, agencyId: place.X },
  keyY: { kind: "agency_key", keyId: 2, agencyId: place.Y },
  unitKeyXA: { kind: "agency_key", keyId: 4, agencyId: place.X, unit: { unitId: 1, provinceId: place.A, countyId: null } },
  unitKeyXA2: { kind: "agency_key", keyId: 5, agencyId: place.X, unit: { unitId: 2, provinceId: place.A, countyId: place.A2 } },
  unitKeyXB: { kind: "agency_key", keyId: 6, agencyId: place.X, unit: { unitId: 3, provinceId: place.B, countyId: null } },
  adminKey: { kind: "admin_key", keyId: 3 },
  system: { kind: "system" },
});

const ALL = { case: ["case-A1-X-citizen", "case-A2-X-other", "case-B1-Y-other"], member: ["member-A1", "member-B1"], activity: ["activity-A1-X", "activity-B1"], monthly_report: ["monthly-A1", "monthly-A2", "monthly-B1"], quarterly_report: ["quarterly-A", "quarterly-B"], delivery: ["delivery-X", "delivery-Y"], directive: ["directive-A", "directive-X", "directive-admin"], broadcast: ["broadcast-1"] };

const X_CASES = ["case-A1-X-citizen", "case-A2-X-other"];

// The policy, by hand. Absent: nothing.
const EXPECTED: Record<keyof typeof ALL, Partial<Record<Action, Record<string, string[]>>>> = {
  case: {
    // A unit's key: its agency's cases filed in its province (its county, for a county's unit).
    read: { citizen: ["case-A1-X-citizen"], keyX: X_CASES, unitKeyXA: X_CASES, unitKeyXA2: ["case-A2-X-other"], keyY: ["case-B1-Y-other"], admin: ALL.case, adminKey: ALL.case, system: ALL.case },
    write: { citizen: ["case-A1-X-citizen"], keyX: X_CASES, unitKeyXA: X_CASES, unitKeyXA2: ["case-A2-X-other"], keyY: ["case-B1-Y-other"], adminKey: ALL.case, system: ALL.case },
    count: {
      assistantA1: ["case-A1-X-citizen"],
      assistantA2: ["case-A2-X-other"],
      provincialA: X_CASES,
      provincialB: ["case-B1-Y-other"],
      ministryX: X_CASES,
      keyX: X_CASES,
      unitKeyXA: X_CASES,
      unitKeyXA2: ["case-A2-X-other"],
      keyY: ["case-B1-Y-other"],
      admin: ALL.case,
      adminKey: ALL.case,
      system: ALL.case,
    },
  },
  member: {
    read: { assistantA1: ["member-A1"], provincialA: ["member-A1"], provincialB: ["member-B1"], admin: ALL.member, adminKey: ALL.member, system: ALL.member },
    write: { assistantA1: ["member-A1"], admin: ALL.member, system: ALL.member },
  },
  activity: {
    read: { assistantA1: ["activity-A1-X"], provincialA: ["activity-A1-X"], provincialB: ["activity-B1"], ministryX: ["activity-A1-X"], admin: ALL.activity, adminKey: ALL.activity, system: ALL.activity },
    write: { assistantA1: ["activity-A1-X"], system: ALL.activity },
    // An agency's key counts the activities linked to its agency (its share of the reports), reads none.
    count: { assistantA1: ["activity-A1-X"], provincialA: ["activity-A1-X"], provincialB: ["activity-B1"], ministryX: ["activity-A1-X"], keyX: ["activity-A1-X"], unitKeyXA: ["activity-A1-X"], admin: ALL.activity, adminKey: ALL.activity, system: ALL.activity },
  },
  monthly_report: {
    read: {
      assistantA1: ["monthly-A1"],
      assistantA2: ["monthly-A2"],
      provincialA: ["monthly-A1", "monthly-A2"],
      provincialB: ["monthly-B1"],
      ministryX: ALL.monthly_report,
      keyX: ALL.monthly_report,
      // A unit's key reads the reports of its region only.
      unitKeyXA: ["monthly-A1", "monthly-A2"],
      unitKeyXA2: ["monthly-A2"],
      unitKeyXB: ["monthly-B1"],
      keyY: ALL.monthly_report,
      admin: ALL.monthly_report,
      adminKey: ALL.monthly_report,
      system: ALL.monthly_report,
    },
    write: { assistantA1: ["monthly-A1"], assistantA2: ["monthly-A2"], system: ALL.monthly_report },
    review: { provincialA: ["monthly-A1", "monthly-A2"], provincialB: ["monthly-B1"], system: ALL.monthly_report },
  },
  quarterly_report: {
    read: { provincialA: ["quarterly-A"], provincialB: ["quarterly-B"], ministryX: ALL.quarterly_report, keyX: ALL.quarterly_report, unitKeyXA: ["quarterly-A"], unitKeyXA2: ["quarterly-A"], unitKeyXB: ["quarterly-B"], keyY: ALL.quarterly_report, admin: ALL.quarterly_report, adminKey: ALL.quarterly_report, system: ALL.quarterly_report },
    write: { provincialA: ["quarterly-A"], provincialB: ["quarterly-B"], system: ALL.quarterly_report },
  },
  // A unit's key sees the deliveries of its region's cases (these have no case: none); it issues and follows no directive.
  delivery: {
    read: { keyX: ["delivery-X"], keyY: ["delivery-Y"], admin: ALL.delivery, adminKey: ALL.delivery, system: ALL.delivery },
    write: { system: ALL.delivery },
  },
  // A ministry's representative and its agency's key follow what was issued for the agency; a provincial
  // representative what was forwarded in the province; admins everything.
  directive: {
    read: { ministryX: ["directive-X"], keyX: ["directive-X"], provincialA: ["directive-A"], admin: ALL.directive, adminKey: ALL.directive, system: ALL.directive },
    write: { ministryX: ["directive-X"], keyX: ["directive-X"], provincialA: ["directive-A"], admin: ALL.directive, adminKey: ALL.directive, system: ALL.directive },
  },
  broadcast: {
    read: { admin: ALL.broadcast, adminKey: ALL.broadcast, system: ALL.broadcast },
    write: { admin: ALL.broadcast, adminKey: ALL.broadcast, system: ALL.broadcast },
  },
};

// Raw rows: postgres.js returns bigint columns as strings, PGlite as numbers.
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const TABLES: Record<keyof typeof ALL, { table: PgTable; id: SQL; place: (row: Record<string, unknown>) => Record<string, unknown> }> = {
  case: { table: cases, id: sql`${cases.id}`, place: (r) => ({ userId: num(r.user_id), countyId: num(r.county_id), provinceId: num(r.province_id), agencyIds: [num(r.agency_id), num(r.original_agency_id)] }) },
  member: { table: networkMembers, id: sql`${networkMembers.id}`, place: (r) => ({ countyId: num(r.county_id), provinceId: num(r.province_id) }) },
  activity: { table: activities, id: sql`${activities.id}`, place: (r) => ({ countyId: num(r.county_id), provinceId: num(r.province_id), agencyIds: (r.agency_ids as unknown[]).map(num) }) },
  monthly_report: { table: monthlyReports, id: sql`${monthlyReports.id}`, place: (r) => ({ countyId: num(r.county_id), provinceId: num(r.province_id) }) },
  quarterly_report: { table: quarterlyReports, id: sql`${quarterlyReports.id}`, place: (r) => ({ provinceId: num(r.province_id) }) },
  delivery: { table: outbox, id: sql`${outbox.id}`, place: (r) => ({ agencyIds: [num(r.agency_id)] }) },
  directive: { table: directives, id: sql`${directives.id}`, place: (r) => ({ provinceId: num(r.issuer_province_id), agencyIds: [num(r.issuer_agency_id)] }) },
  broadcast: { table: deliveries, id: sql`${deliveries.id}`, place: () => ({}) },
};

async function visible(kind: keyof typeof ALL, actor: Actor, action: Action): Promise<string[]> {
  const t = TABLES[kind];
  const condition = scopeCondition(actor, kind as RecordKind, action) ?? sql`true`;
  const rows = await database.db.execute(sql`select ${t.id} as id from ${t.table} where ${condition}`);
  const list = rowsOf(rows) as { id: number | string }[];
  return list.map((r) => ids.get(kind)!.get(Number(r.id))!).filter(Boolean).sort();
}

async function rowPlaces(kind: keyof typeof ALL): Promise<{ label: string; place: Record<string, unknown> }[]> {
  const t = TABLES[kind];
  const extra = kind === "activity" ? sql`, array(select agency_id from activity_agencies where activity_id = ${activities.id}) as agency_ids` : sql``;
  const rows = await database.db.execute(sql`select * ${extra} from ${t.table}`);
  const list = rowsOf(rows);
  return list.filter((r) => ids.get(kind)!.has(Number(r.id))).map((r) => ({ label: ids.get(kind)!.get(Number(r.id))!, place: t.place(r) }));
}

beforeAll(async () => {
  database = await testDatabase();
  await seed();
});

describe("the access matrix", () => {
  const kinds = Object.keys(ALL) as (keyof typeof ALL)[];
  const actions: Action[] = ["read", "write", "review", "count"];
  for (const kind of kinds) {
    for (const action of actions) {
      it(`${action} ${kind}: each actor reaches exactly its own region's records`, async () => {
        const expectedByActor = EXPECTED[kind][action] ?? {};
        // count defaults to read where the policy does not set it (figures never reach wider than reading).
        const fallback = action === "count" && kind !== "case" ? EXPECTED[kind].read ?? {} : {};
        for (const [name, actor] of Object.entries(actors())) {
          const want = [...(expectedByActor[name] ?? (action === "count" ? fallback[name] ?? [] : []))].sort();
          expect(await visible(kind, actor, action), `${name} ${action} ${kind}`).toEqual(want);
        }
      });
    }
  }

  it("lets each issuer address exactly the roles the policy gives it, in chat and over the API alike (checkAudience)", async () => {
    // By hand: the admins every staff role; a ministry's representative and its agency's key the network,
    // never ministries' representatives (their own agency's or another's); a provincial representative its
    // province's assistants; units' keys, assistants and citizens nobody.
    const NETWORK = ["assistant", "provincial"];
    const ROLES = [...NETWORK, "ministry"];
    const expected: Record<string, string[]> = { provincialA: ["assistant"], ministryX: NETWORK, keyX: NETWORK, keyY: NETWORK, admin: ROLES, adminKey: ROLES, system: ROLES };
    for (const [name, actor] of Object.entries(actors())) {
      const reached: string[] = [];
      for (const role of ROLES) {
        const audience = { to: "staff" as const, roles: [role as "assistant"], provinceIds: role === "ministry" ? undefined : [place.A], agencyIds: role === "ministry" ? [place.Y] : undefined };
        const ok = await checkAudience(database.db, actor, "directive", audience).then(() => true, () => false);
        if (ok) reached.push(role);
      }
      expect(reached, name).toEqual(expected[name] ?? []);
    }
  });

  it("answers the same for one row (allows) as for a query (scopeCondition), for every actor, kind and action", async () => {
    for (const kind of kinds) {
      const places = await rowPlaces(kind);
      for (const action of actions) {
        for (const [name, actor] of Object.entries(actors())) {
          const byQuery = await visible(kind, actor, action);
          const byRow = places.filter((p) => allows(actor, kind as RecordKind, action, p.place as never)).map((p) => p.label).sort();
          expect(byRow, `${name} ${action} ${kind}`).toEqual(byQuery);
        }
      }
    }
  });
});
