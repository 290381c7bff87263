import { createHash, randomInt } from "node:crypto";
import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { inviteAttempts, invites, networkMembers, users } from "../db/schema.ts";
import { allows, type Actor, type StaffRole } from "./access.ts";
import { joinOpenDirectives } from "./directives.ts";
import { DomainError } from "./errors.ts";
import { toAsciiDigits } from "./persian.ts";

// One-time invite codes that make a chat user staff. The code binds a role and its region (county for an
// assistant, province for a provincial representative, agency for a ministry representative); it is
// shown once, kept only as a hash, works once and expires. A wrong, used and expired code all answer
// "unknown", and a user who keeps guessing is held off for an hour.

export const INVITE_TTL_DAYS = 7;
/** Failed redemptions a user may make within GUESS_WINDOW_MINUTES before being held off. */
export const MAX_GUESSES = 5;
export const GUESS_WINDOW_MINUTES = 60;

// No 0/O, 1/I/L: codes are read aloud and typed from a screen. 31^12 ≈ 2^59 codes.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 12;

/** Where an invite's role is bound: exactly the field its role needs. */
export type InviteRegion = { role: "assistant"; countyId: number; provinceId: number } | { role: "provincial"; provinceId: number } | { role: "ministry"; agencyId: number } | { role: "admin" };

/** The code as typed (any case, Persian or Arabic digits, spaces or dashes between groups), or null if it cannot be one. */
export function normalizeInviteCode(input: string): string | null {
  const code = toAsciiDigits(input).toUpperCase().replace(/[\s-]/g, "");
  return code.length === CODE_LENGTH && [...code].every((ch) => ALPHABET.includes(ch)) ? code : null;
}

const hashCode = (code: string) => createHash("sha256").update(`hamyar-invite:${code}`).digest("hex");

export interface CreatedInvite {
  id: number;
  /** Shown once; only its hash is stored. */
  code: string;
  expiresAt: Date;
}

/** Creates an invite; only admins and the operator (system) may. Throws DomainError forbidden. */
export async function createInvite(db: Db, actor: Actor, region: InviteRegion, o: { ttlDays?: number; now?: Date } = {}): Promise<CreatedInvite> {
  if (!allows(actor, "invite", "write", {})) throw new DomainError("forbidden", "Only an admin can invite staff.");
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const expiresAt = new Date((o.now ?? new Date()).getTime() + (o.ttlDays ?? INVITE_TTL_DAYS) * 86_400_000);
  const [row] = await db
    .insert(invites)
    .values({
      codeHash: hashCode(code),
      role: region.role,
      provinceId: "provinceId" in region ? region.provinceId : null,
      countyId: "countyId" in region ? region.countyId : null,
      agencyId: "agencyId" in region ? region.agencyId : null,
      createdBy: actor.kind === "admin" ? actor.userId : null,
      expiresAt,
    })
    .returning({ id: invites.id });
  return { id: row.id, code, expiresAt };
}

/**
 * An invite for a member of a county's network (a person or a group's contact) to link their chat, so the
 * assistant's consultations reach them. They stay citizens; only the county's assistant (or an admin) may.
 */
export async function createMemberInvite(db: Db, actor: Actor, memberId: number, o: { now?: Date } = {}): Promise<CreatedInvite & { memberName: string }> {
  const [member] = await db.select().from(networkMembers).where(eq(networkMembers.id, memberId));
  if (!member || !allows(actor, "member", "write", { countyId: member.countyId, provinceId: member.provinceId })) throw new DomainError("not_found", "No such member in your county.");
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const expiresAt = new Date((o.now ?? new Date()).getTime() + INVITE_TTL_DAYS * 86_400_000);
  const [row] = await db
    .insert(invites)
    .values({ codeHash: hashCode(code), role: "member", provinceId: member.provinceId, countyId: member.countyId, networkMemberId: member.id, createdBy: "userId" in actor ? actor.userId : null, expiresAt })
    .returning({ id: invites.id });
  return { id: row.id, code, expiresAt, memberName: member.name };
}

export type Redemption =
  | { kind: "joined"; role: StaffRole; provinceId: number | null; countyId: number | null; agencyId: number | null; again: boolean }
  /** A network member's invite: their chat is now linked to their registry row (consultations reach them). */
  | { kind: "member_joined"; memberName: string; again: boolean }
  | { kind: "unknown" }
  | { kind: "held_off" };

/**
 * Redeems a code for a user inside the caller's transaction: the user takes the invite's role and region
 * (replacing any earlier staff role). The same user redeeming their own used code again is told they
 * joined (a double tap); anyone else gets "unknown".
 */
export async function redeemInvite(db: Db, userId: number, typed: string, now = new Date()): Promise<Redemption> {
  const since = new Date(now.getTime() - GUESS_WINDOW_MINUTES * 60_000);
  const [{ n }] = await db
    .select({ n: count() })
    .from(inviteAttempts)
    .where(and(eq(inviteAttempts.userId, userId), gt(inviteAttempts.attemptedAt, since)));
  if (n >= MAX_GUESSES) return { kind: "held_off" };
  const code = normalizeInviteCode(typed);
  const [invite] = code ? await db.select().from(invites).where(eq(invites.codeHash, hashCode(code))).for("update") : [];
  const joined = async (again: boolean): Promise<Redemption> => {
    if (invite!.role !== "member") return { kind: "joined", role: invite!.role as StaffRole, provinceId: invite!.provinceId, countyId: invite!.countyId, agencyId: invite!.agencyId, again };
    const [member] = await db.select({ name: networkMembers.name }).from(networkMembers).where(eq(networkMembers.id, invite!.networkMemberId!));
    return { kind: "member_joined", memberName: member?.name ?? "", again };
  };
  if (invite && invite.usedBy === userId) return joined(true);
  if (!invite || invite.usedAt !== null || invite.expiresAt <= now) {
    await db.insert(inviteAttempts).values({ userId, attemptedAt: now });
    return { kind: "unknown" };
  }
  await db.update(invites).set({ usedAt: now, usedBy: userId }).where(and(eq(invites.id, invite.id), isNull(invites.usedAt)));
  if (invite.role === "member") {
    // One chat per member and one member per chat: a chat linked before to another member moves here.
    await db.update(networkMembers).set({ userId: null }).where(eq(networkMembers.userId, userId));
    await db.update(networkMembers).set({ userId, updatedAt: sql`now()` }).where(eq(networkMembers.id, invite.networkMemberId!));
    return joined(false);
  }
  await db
    .update(users)
    .set({ roles: [invite.role], provinceId: invite.provinceId, countyId: invite.countyId, agencyId: invite.agencyId, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
  // Directives still open for the new role and region reach them too (sent after this commit).
  await joinOpenDirectives(db, userId);
  return joined(false);
}

/** The link that opens the bot with the code (Telegram t.me, Bale ble.ir); the code travels as the start payload. */
export function inviteLink(platform: string, botUsername: string, code: string): string {
  return `${platform === "bale" ? "https://ble.ir" : "https://t.me"}/${botUsername}?start=${code}`;
}
