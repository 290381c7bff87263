import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { dashboardTokens, users } from "../db/schema.ts";
import { isStaff, userActor, type Actor } from "./access.ts";
import { DomainError } from "./errors.ts";
import { addDays, startOfJalaliDay, tehranJalaliDay } from "./jalali-calendar.ts";

// The dashboard's only way in. The bot gives a staff member a one-time link (valid LINK_TTL_MS); opening
// it trades the link for a session cookie that lasts a working day. Both are random 32-byte tokens of
// which only the SHA-256 is stored, so a copy of the database opens nothing. The session names a user,
// never a role: the actor is read from the user row at every request, so a revoked role ends access at once.

export type StaffActor = Extract<Actor, { kind: "assistant" | "provincial" | "ministry" | "admin" }>;

export const LINK_TTL_MS = 10 * 60_000;
/** A session opened late in the evening still lasts this long (past Tehran midnight). */
export const SESSION_MIN_MS = 8 * 3_600_000;

// 32 random bytes in base64url: 43 characters. Anything else is refused before the database is asked.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const newToken = () => randomBytes(32).toString("base64url");
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * When a session opened at `now` ends: "a working day", read as the end of that Tehran day, and never
 * sooner than SESSION_MIN_MS (a link opened at 20:00 works until 04:00, one opened at 08:00 until midnight).
 */
export function sessionExpiry(now: Date): Date {
  const midnight = startOfJalaliDay(addDays(tehranJalaliDay(now), 1));
  return new Date(Math.max(midnight.getTime(), now.getTime() + SESSION_MIN_MS));
}

/** A one-time dashboard link token for a staff member (shown once; only its hash is kept). */
export async function issueDashboardLink(db: Db, actor: Actor, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  if (!isStaff(actor)) throw new DomainError("forbidden", "Only staff can open the dashboard.");
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await db.insert(dashboardTokens).values({ tokenHash: hashToken(token), kind: "link", userId: actor.userId, expiresAt, createdAt: now });
  return { token, expiresAt };
}

export interface DashboardSession {
  /** The cookie's value: shown once, only its hash is kept. */
  token: string;
  expiresAt: Date;
  actor: StaffActor;
}

/** A staff member as the dashboard shows them: who they are to the access model, their name and language. */
export interface DashboardUser {
  actor: StaffActor;
  name: string | null;
  locale: "fa" | "en";
}

async function staffActorOf(db: Db, userId: number, adminIds: ReadonlySet<number>): Promise<DashboardUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const actor = userActor(user, adminIds);
  return isStaff(actor) ? { actor, name: user.firstName, locale: user.language === "en" ? "en" : "fa" } : null;
}

/**
 * Trades a link token for a session, once: the link is marked used in the same statement that checks it
 * is unused and unexpired, so two tabs opening it together get one session between them. Null for an
 * unknown, used or expired link, and for a user who is no longer staff.
 */
export async function redeemDashboardLink(db: Db, token: string, o: { adminIds?: ReadonlySet<number>; now?: Date } = {}): Promise<DashboardSession | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const now = o.now ?? new Date();
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(dashboardTokens)
      .set({ usedAt: now })
      .where(and(eq(dashboardTokens.tokenHash, hashToken(token)), eq(dashboardTokens.kind, "link"), isNull(dashboardTokens.usedAt), gt(dashboardTokens.expiresAt, now)))
      .returning({ userId: dashboardTokens.userId });
    if (!link) return null;
    const staff = await staffActorOf(tx, link.userId, o.adminIds ?? new Set());
    if (!staff) return null; // the link stays used: it was spent on a role that is gone
    const session = newToken();
    const expiresAt = sessionExpiry(now);
    await tx.insert(dashboardTokens).values({ tokenHash: hashToken(session), kind: "session", userId: link.userId, expiresAt, createdAt: now });
    return { token: session, expiresAt, actor: staff.actor };
  });
}

/** Who holds a session cookie: the staff member as they are now, or null (unknown, expired, no longer staff). */
export async function dashboardSessionActor(
  db: Db,
  token: string,
  o: { adminIds?: ReadonlySet<number>; now?: Date } = {},
): Promise<(DashboardUser & { expiresAt: Date }) | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const now = o.now ?? new Date();
  const [row] = await db
    .select({ userId: dashboardTokens.userId, expiresAt: dashboardTokens.expiresAt })
    .from(dashboardTokens)
    .where(and(eq(dashboardTokens.tokenHash, hashToken(token)), eq(dashboardTokens.kind, "session"), gt(dashboardTokens.expiresAt, now)));
  if (!row) return null;
  const staff = await staffActorOf(db, row.userId, o.adminIds ?? new Set());
  return staff ? { ...staff, expiresAt: row.expiresAt } : null;
}

/** Ends a session at once (the page's "leave" button). */
export async function endDashboardSession(db: Db, token: string): Promise<void> {
  if (!TOKEN_SHAPE.test(token)) return;
  await db.delete(dashboardTokens).where(and(eq(dashboardTokens.tokenHash, hashToken(token)), eq(dashboardTokens.kind, "session")));
}

/** Deletes up to `batch` links and sessions that expired before `before` (the nightly prune job). */
export async function pruneDashboardTokens(db: Db, before: Date, batch: number): Promise<number> {
  const doomed = db.select({ h: dashboardTokens.tokenHash }).from(dashboardTokens).where(lt(dashboardTokens.expiresAt, before)).orderBy(dashboardTokens.expiresAt).limit(batch);
  const deleted = await db.delete(dashboardTokens).where(sql`${dashboardTokens.tokenHash} in (${doomed})`).returning({ h: dashboardTokens.tokenHash });
  return deleted.length;
}
