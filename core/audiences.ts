import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { allows, type Actor, type RecordKind } from "./access.ts";
import { DomainError } from "./errors.ts";

// Who a directive, an announcement or a reminder is for: roles × regions, citizens who opted in, or a list
// of users. An audience is data (kept on the delivery, shown in the preview) and becomes one SQL condition
// over users, used both to resolve recipients when a delivery starts and to add a staff member who joins
// later to the directives still open for their role and region: the rule is written once.

const ids = z.array(z.number().int().positive()).max(500).optional();

/** The staff roles an audience may name. */
export const AUDIENCE_ROLES = ["assistant", "provincial", "ministry"] as const;
export type AudienceRole = (typeof AUDIENCE_ROLES)[number];

/**
 * The roles an actor may address, in chat and over the API alike: the admins (people and keys) and the
 * system every staff role; a ministry's representative and its agency's key the network (assistants and
 * provincial representatives) — ministries' representatives, their own agency's or another's, are the
 * admins' to direct; a provincial representative the province's assistants; anyone else nobody.
 */
export function audienceRolesFor(actor: Actor): readonly AudienceRole[] {
  if (actor.kind === "admin" || actor.kind === "admin_key" || actor.kind === "system") return AUDIENCE_ROLES;
  if (actor.kind === "ministry" || (actor.kind === "agency_key" && !actor.unit)) return ["assistant", "provincial"];
  if (actor.kind === "provincial") return ["assistant"];
  return [];
}

export const audienceSchema = z.discriminatedUnion("to", [
  /** Citizens who opted in to announcements; a region narrows them to those with a case filed there. */
  z.object({ to: z.literal("citizens"), provinceIds: ids, countyIds: ids }),
  /** Staff by role, in the given provinces or counties (none: everywhere), a ministry's by agency. */
  z.object({
    to: z.literal("staff"),
    roles: z.array(z.enum(AUDIENCE_ROLES)).min(1),
    provinceIds: ids,
    countyIds: ids,
    agencyIds: ids,
  }),
  /** Exactly these users (a reminder to those who have not acknowledged). */
  z.object({ to: z.literal("users"), userIds: z.array(z.number().int().positive()).min(1).max(100_000) }),
]);
export type Audience = z.infer<typeof audienceSchema>;

const list = (xs: number[]) => sql`(${sql.join(xs.map((x) => sql`${x}`), sql`, `)})`;
const some = (xs: number[] | undefined): xs is number[] => xs !== undefined && xs.length > 0;

/** The condition on `users u` that picks the audience's users (blocked ones included: they are counted as blocked). */
export function audienceCondition(a: Audience): SQL {
  if (a.to === "users") return sql`u.id in ${list(a.userIds)}`;
  if (a.to === "citizens") {
    const region: SQL[] = [];
    if (some(a.provinceIds)) region.push(sql`c.province_id in ${list(a.provinceIds)}`);
    if (some(a.countyIds)) region.push(sql`c.county_id in ${list(a.countyIds)}`);
    const inRegion = region.length === 0 ? sql`true` : sql`exists (select 1 from cases c where c.user_id = u.id and (${sql.join(region, sql` or `)}))`;
    return sql`(u.announcements_opt_in and cardinality(u.roles) = 0 and ${inRegion})`;
  }
  const byRole = a.roles.map((role) => {
    if (role === "ministry") return some(a.agencyIds) ? sql`(u.roles[1] = 'ministry' and u.agency_id in ${list(a.agencyIds)})` : sql`u.roles[1] = 'ministry'`;
    const anywhere = !some(a.provinceIds) && !some(a.countyIds);
    if (anywhere) return sql`u.roles[1] = ${role}`;
    const places: SQL[] = [];
    if (some(a.provinceIds)) places.push(sql`u.province_id in ${list(a.provinceIds)}`);
    // A county picked: its assistant, and the representative of its province.
    if (some(a.countyIds)) places.push(role === "assistant" ? sql`u.county_id in ${list(a.countyIds)}` : sql`u.province_id in (select province_id from counties where id in ${list(a.countyIds)})`);
    return sql`(u.roles[1] = ${role} and (${sql.join(places, sql` or `)}))`;
  });
  return sql`(${sql.join(byRole, sql` or `)})`;
}

/** How many users the audience has now, and how many of them blocked the bot (for the preview). */
export async function countAudience(db: Db, a: Audience): Promise<{ total: number; blocked: number }> {
  const [row] = rowsOf(await db.execute(sql`select count(*) as total, count(*) filter (where u.blocked) as blocked from users u where ${audienceCondition(a)}`));
  return { total: Number(row?.total ?? 0), blocked: Number(row?.blocked ?? 0) };
}

/**
 * Refuses an audience the actor may not send `kind` to: each province it names (directly or through a
 * county) must be within the actor's reach, and an audience with no region needs reach over everything.
 */
export async function checkAudience(db: Db, actor: Actor, kind: RecordKind, a: Audience): Promise<void> {
  if (a.to === "citizens" && kind !== "broadcast") throw new DomainError("audience_not_allowed", "only announcements go to citizens");
  if (a.to === "users") {
    if (actor.kind !== "system") throw new DomainError("audience_not_allowed", "a list of users is only for scheduled reminders");
    return;
  }
  if (a.to === "staff") {
    const mayAddress = audienceRolesFor(actor);
    const refused = a.roles.filter((r) => !mayAddress.includes(r));
    if (refused.length) throw new DomainError("audience_not_allowed", `this sender cannot address ${refused.join(", ")}: ministries' representatives are directed by the admins only`);
  }
  const provinces = new Set<number>(a.provinceIds ?? []);
  if (some(a.countyIds)) for (const r of rowsOf(await db.execute(sql`select distinct province_id from counties where id in ${list(a.countyIds)}`))) provinces.add(Number(r.province_id));
  if (a.to === "staff" && actor.kind === "provincial" && provinces.size === 0) {
    throw new DomainError("audience_not_allowed", "a provincial representative forwards to the province's assistants");
  }
  const agencyIds = actor.kind === "ministry" || actor.kind === "agency_key" ? [actor.agencyId] : [];
  const places = provinces.size === 0 ? [{ agencyIds }] : [...provinces].map((provinceId) => ({ provinceId, agencyIds }));
  for (const place of places) {
    if (!allows(actor, kind, "write", place)) throw new DomainError("audience_not_allowed", "the audience is outside the sender's region");
  }
}
