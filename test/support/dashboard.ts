import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { expect } from "vitest";
import type { Actor } from "../../core/access.ts";
import { issueDashboardLink } from "../../core/dashboard-access.ts";
import type { Db } from "../../db/client.ts";
import { agencies, counties, provinces, users } from "../../db/schema.ts";
import { buildApp } from "../../handlers/http/app.ts";
import { SESSION_COOKIE, type DashboardOptions } from "../../handlers/http/dashboard.ts";

// The staff dashboard in tests: one staff member of each role (in Karaj, Alborz, and for Tamin), the app with
// its dashboard routes, and a browser-like session opened from a link.

export const ROLES = ["assistant", "provincial", "ministry", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface StaffPlaces {
  karaj: { id: number; provinceId: number };
  alborz: { id: number; code: string };
  tamin: { id: number; code: string };
}

export async function staffPlaces(db: Db): Promise<StaffPlaces> {
  const [karaj] = await db.select({ id: counties.id, provinceId: counties.provinceId }).from(counties).where(eq(counties.nameFa, "کرج"));
  const [alborz] = await db.select({ id: provinces.id, code: provinces.code }).from(provinces).where(eq(provinces.id, karaj.provinceId));
  const [tamin] = await db.select({ id: agencies.id, code: agencies.code }).from(agencies).where(eq(agencies.code, "tamin"));
  return { karaj, alborz, tamin };
}

let nextPlatformId = 8_800_000;

/** A user holding `role` (or a citizen), placed in Karaj / Alborz / Tamin; answers the user id and actor. */
export async function staffUser(db: Db, role: Role | "citizen", places: StaffPlaces, name = `${role} user`): Promise<{ userId: number; actor: Actor }> {
  const region = {
    assistant: { provinceId: places.karaj.provinceId, countyId: places.karaj.id },
    provincial: { provinceId: places.karaj.provinceId },
    ministry: { agencyId: places.tamin.id },
    admin: {},
    citizen: {},
  }[role];
  const [u] = await db
    .insert(users)
    .values({ platform: "telegram", platformUserId: nextPlatformId++, firstName: name, roles: role === "citizen" ? [] : [role], ...region })
    .returning({ id: users.id });
  const actor: Actor =
    role === "assistant"
      ? { kind: "assistant", userId: u.id, countyId: places.karaj.id, provinceId: places.karaj.provinceId }
      : role === "provincial"
        ? { kind: "provincial", userId: u.id, provinceId: places.karaj.provinceId }
        : role === "ministry"
          ? { kind: "ministry", userId: u.id, agencyId: places.tamin.id }
          : role === "admin"
            ? { kind: "admin", userId: u.id }
            : { kind: "citizen", userId: u.id };
  return { userId: u.id, actor };
}

/** The app with the dashboard routes and no other budget; `now` moves its clock. */
export function dashboardApp(db: Db, o: { logger?: Logger; dashboard?: Omit<DashboardOptions, "db" | "catalogCache" | "holidays"> } = {}): Promise<FastifyInstance> {
  return buildApp({ db, logger: o.logger ?? pino({ level: "silent" }), dashboard: o.dashboard });
}

/** The session cookie's value in a Set-Cookie header. */
export function sessionCookieIn(setCookie: string | string[] | undefined): string {
  const header = [setCookie ?? []].flat().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(header, "a session cookie").toBeDefined();
  return header!.split(";")[0].slice(SESSION_COOKIE.length + 1);
}

/** Issues a link for the actor and opens it: answers the Cookie header a browser would send from then on. */
export async function signedIn(app: FastifyInstance, db: Db, actor: Actor): Promise<string> {
  const { token } = await issueDashboardLink(db, actor);
  const res = await app.inject({ url: `/dashboard/open?t=${token}` });
  expect(res.statusCode).toBe(303);
  return `${SESSION_COOKIE}=${sessionCookieIn(res.headers["set-cookie"])}`;
}
