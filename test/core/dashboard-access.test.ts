import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  dashboardSessionActor,
  issueDashboardLink,
  LINK_TTL_MS,
  pruneDashboardTokens,
  redeemDashboardLink,
  SESSION_MIN_MS,
  sessionExpiry,
} from "../../core/dashboard-access.ts";
import { startOfJalaliDay } from "../../core/jalali-calendar.ts";
import { revokeStaff } from "../../core/staff.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { tehran } from "../support/cron.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { staffPlaces, staffUser, type StaffPlaces } from "../support/dashboard.ts";

// The dashboard's way in: a one-time link of ten minutes becomes a session of a working day; the session
// names a user whose role is read again at every look, so taking the role back ends it at once.

let database: Database;
let db: Db;
let places: StaffPlaces;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  places = await staffPlaces(db);
});
beforeEach(() => resetUserData(database));

const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

describe("dashboard links", () => {
  it("open a session once; the second use of the same link is refused", async () => {
    const { actor } = await staffUser(db, "provincial", places);
    const { token } = await issueDashboardLink(db, actor);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = await redeemDashboardLink(db, token);
    expect(first?.actor).toEqual(actor);
    expect(await redeemDashboardLink(db, token)).toBeNull();
  });

  it("open one session between two redemptions at the same moment", async () => {
    const { actor } = await staffUser(db, "assistant", places);
    const { token } = await issueDashboardLink(db, actor);
    const both = await Promise.all([redeemDashboardLink(db, token), redeemDashboardLink(db, token)]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });

  it(`work for ${LINK_TTL_MS / 60_000} minutes and not after`, async () => {
    const { actor } = await staffUser(db, "ministry", places);
    const issued = tehran("1405-09-10 10:00");
    const late = await issueDashboardLink(db, actor, issued);
    expect(await redeemDashboardLink(db, late.token, { now: minutes(issued, 10) })).toBeNull();
    const inTime = await issueDashboardLink(db, actor, issued);
    expect(await redeemDashboardLink(db, inTime.token, { now: minutes(issued, 9.9) })).not.toBeNull();
  });

  it("keep only the hash of each token", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const { token } = await issueDashboardLink(db, actor);
    const session = await redeemDashboardLink(db, token);
    const stored = JSON.stringify(rowsOf(await db.execute(sql`select * from dashboard_tokens`)));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(session!.token);
  });

  it("are refused to citizens, and a link of someone no longer staff opens nothing", async () => {
    const citizen = await staffUser(db, "citizen", places);
    await expect(issueDashboardLink(db, citizen.actor)).rejects.toThrow(/staff/);
    const staff = await staffUser(db, "assistant", places);
    const { token } = await issueDashboardLink(db, staff.actor);
    await revokeStaff(db, { kind: "system" }, staff.userId);
    expect(await redeemDashboardLink(db, token)).toBeNull();
  });

  it("refuse anything not shaped like a token without asking the database", async () => {
    expect(await redeemDashboardLink(db, "")).toBeNull();
    expect(await redeemDashboardLink(db, "' or 1=1 --")).toBeNull();
  });
});

describe("dashboard sessions", () => {
  it("last until the end of the Tehran day, and at least eight hours", () => {
    const morning = tehran("1405-09-10 08:00");
    expect(sessionExpiry(morning)).toEqual(startOfJalaliDay({ jy: 1405, jm: 9, jd: 11 }));
    const evening = tehran("1405-09-10 20:00");
    expect(sessionExpiry(evening)).toEqual(new Date(evening.getTime() + SESSION_MIN_MS));
  });

  it("answer the staff member as they are now, until the session ends", async () => {
    const { actor } = await staffUser(db, "provincial", places, "نماینده استان");
    const opened = tehran("1405-09-10 09:00");
    const { token } = await issueDashboardLink(db, actor, opened);
    const session = (await redeemDashboardLink(db, token, { now: opened }))!;
    expect(await dashboardSessionActor(db, session.token, { now: minutes(opened, 60) })).toMatchObject({ actor, name: "نماینده استان", locale: "fa" });
    expect(await dashboardSessionActor(db, session.token, { now: session.expiresAt })).toBeNull();
  });

  it("end at once when the role is taken back", async () => {
    const staff = await staffUser(db, "ministry", places);
    const { token } = await issueDashboardLink(db, staff.actor);
    const session = (await redeemDashboardLink(db, token))!;
    expect(await dashboardSessionActor(db, session.token)).not.toBeNull();
    await revokeStaff(db, { kind: "system" }, staff.userId);
    expect(await dashboardSessionActor(db, session.token)).toBeNull();
  });

  it("are not opened by a link token, nor a link by a session token", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const link = await issueDashboardLink(db, actor);
    expect(await dashboardSessionActor(db, link.token)).toBeNull();
    const session = (await redeemDashboardLink(db, link.token))!;
    expect(await redeemDashboardLink(db, session.token)).toBeNull();
  });

  it("admins by configuration (ADMIN_IDS) are admins on the dashboard too", async () => {
    const { userId } = await staffUser(db, "citizen", places);
    const [row] = rowsOf(await db.execute(sql`select platform_user_id from users where id = ${userId}`));
    const adminIds = new Set([Number(row.platform_user_id)]);
    const { token } = await issueDashboardLink(db, { kind: "admin", userId });
    const session = (await redeemDashboardLink(db, token, { adminIds }))!;
    expect(session.actor).toEqual({ kind: "admin", userId });
    expect(await dashboardSessionActor(db, session.token)).toBeNull(); // without ADMIN_IDS they are a citizen
  });
});

describe("pruning", () => {
  it("deletes expired links and sessions, keeps those still valid", async () => {
    const { actor } = await staffUser(db, "admin", places);
    const long = tehran("1405-09-01 10:00");
    await issueDashboardLink(db, actor, long);
    const fresh = await issueDashboardLink(db, actor);
    expect(await pruneDashboardTokens(db, new Date(), 1000)).toBe(1);
    expect(await redeemDashboardLink(db, fresh.token)).not.toBeNull();
  });
});
