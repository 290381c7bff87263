import { and, eq, inArray, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { activities, activityAgencies, cases, deliveries, directives, monthlyReports, networkMembers, outbox, quarterlyReports } from "../db/schema.ts";

// The one access model. Every read and write of a case, a network member, an activity or a report is
// scoped here: an Actor (who is asking) and a kind of record and an action give one rule (RULES), which
// becomes either the condition a query applies (scopeCondition) or a yes/no for one row (allows). The rule
// is written once, as data, so the SQL and the check cannot drift apart.

export const STAFF_ROLES = ["assistant", "provincial", "ministry", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Actor =
  /** Anyone who writes to the bot. */
  | { kind: "citizen"; userId: number }
  /** A county governorate's popularization assistant. */
  | { kind: "assistant"; userId: number; countyId: number; provinceId: number }
  /** A provincial governorate's popularization representative. */
  | { kind: "provincial"; userId: number; provinceId: number }
  /** A minister's or agency head's representative. */
  | { kind: "ministry"; userId: number; agencyId: number }
  /** A system admin in chat (ADMIN_IDS or an admin invite). */
  | { kind: "admin"; userId: number }
  /** An agency back-end's API key; with `unit`, limited to that unit's region (a provincial office's key). */
  | { kind: "agency_key"; keyId: number; agencyId: number; unit?: UnitRegion }
  /** An API key of no agency: the whole system, read and write, over HTTP. */
  | { kind: "admin_key"; keyId: number }
  /** Scheduled work and the operator's CLI. */
  | { kind: "system" };

/** Where a unit of an agency answers: a province, or one county of it. */
export interface UnitRegion {
  unitId: number;
  provinceId: number;
  countyId: number | null;
}

export type ActorKind = Actor["kind"];
export const ACTOR_KINDS: ActorKind[] = ["citizen", "assistant", "provincial", "ministry", "admin", "agency_key", "admin_key", "system"];

/**
 * delivery: a webhook delivery to an agency's back-end (its log is the agency's and the admins');
 * invite: a one-time staff invite; staff: a user's staff role and region; directive: a directive (ابلاغیه),
 * placed where its issuer is (the province or agency it was issued for); broadcast: an announcement.
 */
export type RecordKind = "case" | "member" | "activity" | "monthly_report" | "quarterly_report" | "delivery" | "invite" | "staff" | "directive" | "broadcast";
export const RECORD_KINDS: RecordKind[] = ["case", "member", "activity", "monthly_report", "quarterly_report", "delivery", "invite", "staff", "directive", "broadcast"];

/**
 * read: see the record itself; write: create or change it; review: accept or return it (reports);
 * count: include it in figures (a case is private to its citizen and agency, but counts in its county's figures).
 */
export type Action = "read" | "write" | "review" | "count";
export const ACTIONS: Action[] = ["read", "write", "review", "count"];

/** How far an actor reaches: every record, none, the user's own, the actor's county, province or agency. */
type Reach = "all" | "none" | "owner" | "county" | "province" | "agency";

type Rule = Partial<Record<ActorKind, Reach>>;

const ADMINS: Rule = { admin: "all", admin_key: "all", system: "all" };

const RULES: Record<RecordKind, Record<Action, Rule>> = {
  case: {
    // A case is private (seed 002): its citizen and the agencies handling it; staff see only figures.
    read: { citizen: "owner", agency_key: "agency", ...ADMINS },
    write: { citizen: "owner", agency_key: "agency", admin_key: "all", system: "all" },
    review: {},
    count: { assistant: "county", provincial: "province", ministry: "agency", agency_key: "agency", ...ADMINS },
  },
  member: {
    read: { assistant: "county", provincial: "province", ...ADMINS },
    write: { assistant: "county", admin: "all", system: "all" },
    review: {},
    count: { assistant: "county", provincial: "province", ...ADMINS },
  },
  activity: {
    read: { assistant: "county", provincial: "province", ministry: "agency", ...ADMINS },
    write: { assistant: "county", system: "all" },
    review: {},
    count: { assistant: "county", provincial: "province", ministry: "agency", agency_key: "agency", ...ADMINS },
  },
  monthly_report: {
    // A ministry's representative and an agency's key read every report, shown as that agency's share (reports.ts).
    read: { assistant: "county", provincial: "province", ministry: "all", agency_key: "all", ...ADMINS },
    write: { assistant: "county", system: "all" },
    review: { provincial: "province", system: "all" },
    count: { assistant: "county", provincial: "province", ministry: "all", agency_key: "all", ...ADMINS },
  },
  quarterly_report: {
    read: { provincial: "province", ministry: "all", agency_key: "all", ...ADMINS },
    write: { provincial: "province", system: "all" },
    review: {},
    count: { provincial: "province", ministry: "all", agency_key: "all", ...ADMINS },
  },
  delivery: {
    read: { agency_key: "agency", ...ADMINS },
    write: { system: "all" },
    review: {},
    count: { agency_key: "agency", ...ADMINS },
  },
  // Staff are made by admins (in chat) and by the operator (CLI, the system), never over the agencies' API.
  invite: { read: { admin: "all", system: "all" }, write: { admin: "all", system: "all" }, review: {}, count: { admin: "all", system: "all" } },
  staff: { read: { admin: "all", system: "all" }, write: { admin: "all", system: "all" }, review: {}, count: { admin: "all", system: "all" } },
  directive: {
    // A ministry's representative (or the agency's back-end) issues for the agency and follows those; a provincial representative
    // forwards to (and follows what was forwarded in) the province. Its audience is checked place by place.
    read: { ministry: "agency", provincial: "province", agency_key: "agency", ...ADMINS },
    write: { ministry: "agency", provincial: "province", agency_key: "agency", ...ADMINS },
    review: {},
    count: { ministry: "agency", provincial: "province", agency_key: "agency", ...ADMINS },
  },
  broadcast: { read: ADMINS, write: ADMINS, review: {}, count: ADMINS },
};

/** The region and owner columns of each kind of record that a reach is measured against. */
interface RecordColumns {
  owner?: AnyColumn;
  county?: AnyColumn;
  province?: AnyColumn;
  /** The agencies a record belongs to: a case its handling agency and the one it was first filed with. */
  agency?: (agencyId: number) => SQL;
  /** Where a record without region columns of its own is (a delivery: where its case was filed). */
  region?: (unit: UnitRegion) => SQL;
}

/** A case belongs to the agency handling it and to the agency it was first filed with (it keeps seeing a case it referred on). */
export const CASE_AGENCY_COLUMNS = [cases.agencyId, cases.originalAgencyId] as const;

const COLUMNS: Record<RecordKind, RecordColumns> = {
  case: {
    owner: cases.userId,
    county: cases.countyId,
    province: cases.provinceId,
    agency: (id) => or(...CASE_AGENCY_COLUMNS.map((c) => eq(c, id)))!,
  },
  member: { county: networkMembers.countyId, province: networkMembers.provinceId },
  activity: {
    county: activities.countyId,
    province: activities.provinceId,
    agency: (id) => inArray(activities.id, sql`(select ${activityAgencies.activityId} from ${activityAgencies} where ${activityAgencies.agencyId} = ${id})`),
  },
  monthly_report: { county: monthlyReports.countyId, province: monthlyReports.provinceId },
  quarterly_report: { province: quarterlyReports.provinceId },
  delivery: {
    agency: (id) => eq(outbox.agencyId, id),
    region: (u) =>
      inArray(outbox.caseId, sql`(select ${cases.id} from ${cases} where ${cases.provinceId} = ${u.provinceId}${u.countyId === null ? sql`` : sql` and ${cases.countyId} = ${u.countyId}`})`),
  },
  invite: {},
  staff: {},
  directive: { owner: deliveries.createdBy, province: directives.issuerProvinceId, agency: (id) => eq(directives.issuerAgencyId, id) },
  broadcast: {},
};

/** Where an actor reaches for one kind of record and action. */
export function reachOf(actor: Actor, kind: RecordKind, action: Action): Reach {
  return RULES[kind][action][actor.kind] ?? "none";
}

const NOTHING = sql`false`;

/**
 * The condition a query of `kind` applies for the actor and action; undefined when the actor reaches every
 * record (drizzle's and() drops it), `false` when none.
 */
export function scopeCondition(actor: Actor, kind: RecordKind, action: Action): SQL | undefined {
  const reach = scopeOfReach(actor, kind, action);
  const unit = unitOf(actor);
  if (!unit || reach === NOTHING) return reach;
  const within = unitRegionCondition(kind, unit);
  return within ? and(reach, within) : NOTHING;
}

/** The unit an actor is limited to, if any. */
const unitOf = (actor: Actor): UnitRegion | undefined => (actor.kind === "agency_key" ? actor.unit : undefined);

/**
 * A unit's key reaches what its agency's key reaches, within the unit's region: the records placed in its
 * province (and county, when the unit has one). A kind of record that has no place is out of its reach.
 */
function unitRegionCondition(kind: RecordKind, unit: UnitRegion): SQL | undefined {
  const cols = COLUMNS[kind];
  if (cols.region) return cols.region(unit);
  if (!cols.province) return undefined;
  const inProvince = eq(cols.province, unit.provinceId);
  if (unit.countyId === null) return inProvince;
  // A record placed only by province (a quarterly report) is within a county's unit when in its province.
  return cols.county ? and(inProvince, eq(cols.county, unit.countyId)) : inProvince;
}

function scopeOfReach(actor: Actor, kind: RecordKind, action: Action): SQL | undefined {
  const reach = reachOf(actor, kind, action);
  const cols = COLUMNS[kind];
  switch (reach) {
    case "all":
      return undefined;
    case "none":
      return NOTHING;
    case "owner":
      return cols.owner && "userId" in actor ? eq(cols.owner, actor.userId) : NOTHING;
    case "county":
      return cols.county && "countyId" in actor ? eq(cols.county, actor.countyId) : NOTHING;
    case "province":
      return cols.province && "provinceId" in actor ? eq(cols.province, actor.provinceId) : NOTHING;
    case "agency":
      return cols.agency && "agencyId" in actor ? cols.agency(actor.agencyId) : NOTHING;
  }
}

/** What one row is, for allows(): its owner, region and agencies. */
export interface RecordPlace {
  userId?: number | null;
  countyId?: number | null;
  provinceId?: number | null;
  agencyIds?: (number | null)[];
}

/** Whether the actor may act on one record (a row about to be written, or one already read). */
export function allows(actor: Actor, kind: RecordKind, action: Action, place: RecordPlace): boolean {
  const unit = unitOf(actor);
  if (unit && !placeWithinUnit(kind, place, unit)) return false;
  return reachAllows(actor, kind, action, place);
}

/** Whether one record's place is within a unit's region (the same rule as unitRegionCondition). */
function placeWithinUnit(kind: RecordKind, place: RecordPlace, unit: UnitRegion): boolean {
  const cols = COLUMNS[kind];
  if (!cols.province && !cols.region) return false;
  if (place.provinceId == null || place.provinceId !== unit.provinceId) return false;
  const placedByCounty = cols.county !== undefined || cols.region !== undefined;
  return unit.countyId === null || !placedByCounty || place.countyId === unit.countyId;
}

function reachAllows(actor: Actor, kind: RecordKind, action: Action, place: RecordPlace): boolean {
  const reach = reachOf(actor, kind, action);
  switch (reach) {
    case "all":
      return true;
    case "none":
      return false;
    case "owner":
      return "userId" in actor && place.userId != null && place.userId === actor.userId;
    case "county":
      return "countyId" in actor && place.countyId != null && place.countyId === actor.countyId;
    case "province":
      return "provinceId" in actor && place.provinceId != null && place.provinceId === actor.provinceId;
    case "agency":
      return "agencyId" in actor && (place.agencyIds ?? []).includes(actor.agencyId);
  }
}

/** Where a whole set reaches, for queries tuned per reach (the case list walks one index per agency column). */
export function caseReach(actor: Actor, action: Action): { all: true } | { agencyId: number } | { condition: SQL } {
  const reach = reachOf(actor, "case", action);
  if (reach === "all") return { all: true };
  // A unit's key is narrowed by region, which the per-agency index walk does not apply.
  if (reach === "agency" && "agencyId" in actor && !unitOf(actor)) return { agencyId: actor.agencyId };
  return { condition: scopeCondition(actor, "case", action) ?? NOTHING };
}

/** The actor behind an API key: an agency's key, or an admin key (no agency). */
export function keyActor(principal: { keyId: number; agencyId: number | null; unit?: UnitRegion | null }): Actor {
  if (principal.agencyId === null) return { kind: "admin_key", keyId: principal.keyId };
  return principal.unit ? { kind: "agency_key", keyId: principal.keyId, agencyId: principal.agencyId, unit: principal.unit } : { kind: "agency_key", keyId: principal.keyId, agencyId: principal.agencyId };
}

/** The user row's staff fields, as stored (users.roles, province_id, county_id, agency_id). */
export interface StaffFields {
  id: number;
  platformUserId: number;
  roles: string[];
  provinceId: number | null;
  countyId: number | null;
  agencyId: number | null;
}

/**
 * The actor a chat user is: admin when listed in ADMIN_IDS or holding the admin role, else the staff role
 * their invite bound (only when its region is complete), else a citizen.
 */
export function userActor(user: StaffFields, adminIds: ReadonlySet<number> = new Set()): Actor {
  const role = user.roles[0];
  if (adminIds.has(user.platformUserId) || role === "admin") return { kind: "admin", userId: user.id };
  if (role === "assistant" && user.countyId !== null && user.provinceId !== null) return { kind: "assistant", userId: user.id, countyId: user.countyId, provinceId: user.provinceId };
  if (role === "provincial" && user.provinceId !== null) return { kind: "provincial", userId: user.id, provinceId: user.provinceId };
  if (role === "ministry" && user.agencyId !== null) return { kind: "ministry", userId: user.id, agencyId: user.agencyId };
  return { kind: "citizen", userId: user.id };
}

/** True for every actor that is staff in chat (has a menu beyond the citizen's). */
export const isStaff = (actor: Actor): actor is Extract<Actor, { kind: "assistant" | "provincial" | "ministry" | "admin" }> =>
  actor.kind === "assistant" || actor.kind === "provincial" || actor.kind === "ministry" || actor.kind === "admin";

/** Combines a scope with more conditions. */
export const scoped = (actor: Actor, kind: RecordKind, action: Action, ...more: (SQL | undefined)[]) => and(scopeCondition(actor, kind, action), ...more);
