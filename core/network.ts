import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { networkMembers } from "../db/schema.ts";
import { allows, scopeCondition, type Actor } from "./access.ts";
import { DomainError } from "./errors.ts";
import { comparePersian, matchesQuery } from "./persian.ts";

// The county's popularization network (seed 004): members of intermediate circles (حلقه‌های میانی) and
// people's helpers (همیاران مردمی), each a person or a group, registered and kept by the county's assistant.

export const MEMBER_KINDS = ["circle", "helper"] as const;
export const MEMBER_FORMS = ["person", "group"] as const;
export const MEMBER_DOMAINS = ["social", "cultural", "economic", "religious", "scientific", "sports", "other"] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
export type MemberForm = (typeof MEMBER_FORMS)[number];
export type MemberDomain = (typeof MEMBER_DOMAINS)[number];

export type Member = typeof networkMembers.$inferSelect;

export interface MemberInput {
  kind: MemberKind;
  form: MemberForm;
  name: string;
  domain: MemberDomain;
  /** Already validated and normalised (+98…), or null. */
  phone: string | null;
  notes: string | null;
}

const countyOf = (actor: Actor) => {
  if (actor.kind !== "assistant") throw new DomainError("forbidden", "Only a county's assistant registers network members.");
  return { countyId: actor.countyId, provinceId: actor.provinceId };
};

/** Registers a member in the assistant's county; the same clientKey (a double tap) registers one. */
export async function registerMember(db: Db, actor: Actor, input: MemberInput, clientKey: string): Promise<Member> {
  const place = countyOf(actor);
  if (!allows(actor, "member", "write", place)) throw new DomainError("forbidden", "Not allowed to register members here.");
  const [row] = await db
    .insert(networkMembers)
    .values({ ...place, ...input, createdBy: "userId" in actor ? actor.userId : null, clientKey })
    .onConflictDoNothing({ target: networkMembers.clientKey })
    .returning();
  if (row) return row;
  const [earlier] = await db.select().from(networkMembers).where(eq(networkMembers.clientKey, clientKey));
  return earlier;
}

/** One member the actor may read (write: change), or null: another county's member is as unknown as a missing one. */
export async function findMember(db: Db, actor: Actor, id: number, action: "read" | "write" = "read"): Promise<Member | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await db.select().from(networkMembers).where(and(eq(networkMembers.id, id), scopeCondition(actor, "member", action)));
  return row ?? null;
}

/** The members the actor may read, active first then by name, narrowed by a Persian-normalised query. */
export async function listMembers(db: Db, actor: Actor, o: { query?: string; activeOnly?: boolean } = {}): Promise<Member[]> {
  const rows = await db
    .select()
    .from(networkMembers)
    .where(and(scopeCondition(actor, "member", "read"), o.activeOnly ? eq(networkMembers.active, true) : undefined))
    .orderBy(asc(networkMembers.id));
  const matched = o.query ? rows.filter((m) => matchesQuery(`${m.name} ${m.notes ?? ""}`, o.query!)) : rows;
  return matched.sort((a, b) => Number(b.active) - Number(a.active) || comparePersian(a.name, b.name));
}

/** Changes a member's fields (or active flag); null when the actor may not change that member. */
export async function updateMember(db: Db, actor: Actor, id: number, changes: Partial<MemberInput> & { active?: boolean }): Promise<Member | null> {
  const [row] = await db
    .update(networkMembers)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(networkMembers.id, id), scopeCondition(actor, "member", "write")))
    .returning();
  return row ?? null;
}
