import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, counties, provinces, users } from "../db/schema.ts";
import { allows, type Actor, type StaffRole } from "./access.ts";
import { DomainError } from "./errors.ts";

// The people who hold a staff role, and taking a role back. Roles come only from invites (core/invites.ts);
// admins of ADMIN_IDS are admins by configuration and are not listed here.

export interface StaffMember {
  userId: number;
  platform: string;
  platformUserId: number;
  name: string | null;
  username: string | null;
  role: StaffRole;
  provinceId: number | null;
  countyId: number | null;
  agencyId: number | null;
  /** «شهرستان X، استان Y», «استان Y», the agency's name, or null for an admin. */
  placeFa: string | null;
  placeEn: string | null;
}

const hasRole = sql`cardinality(${users.roles}) > 0`;

/** Everyone holding a staff role, by role then name. Throws DomainError forbidden for non-admins. */
export async function listStaff(db: Db, actor: Actor): Promise<StaffMember[]> {
  if (!allows(actor, "staff", "read", {})) throw new DomainError("forbidden", "Only an admin can list staff.");
  const rows = await db
    .select({
      u: users,
      province: { fa: provinces.nameFa, en: provinces.nameEn },
      county: { fa: counties.nameFa, en: counties.nameEn },
      agency: { fa: agencies.nameFa, en: agencies.nameEn },
    })
    .from(users)
    .leftJoin(provinces, eq(provinces.id, users.provinceId))
    .leftJoin(counties, eq(counties.id, users.countyId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(hasRole)
    .orderBy(asc(sql`${users.roles}[1]`), asc(users.firstName), asc(users.id));
  return rows.map(({ u, province, county, agency }) => {
    const place = (l: "fa" | "en") =>
      county?.[l] && province?.[l]
        ? l === "fa" ? `شهرستان ${county.fa}، استان ${province.fa}` : `${county.en} county, ${province.en}`
        : province?.[l] ? (l === "fa" ? `استان ${province.fa}` : `${province.en} province`) : (agency?.[l] ?? null);
    return {
      userId: u.id,
      platform: u.platform,
      platformUserId: u.platformUserId,
      name: u.firstName,
      username: u.username,
      role: u.roles[0] as StaffRole,
      provinceId: u.provinceId,
      countyId: u.countyId,
      agencyId: u.agencyId,
      placeFa: place("fa"),
      placeEn: place("en"),
    };
  });
}

/** Takes a user's staff role back: they are a citizen again at their next message. Returns false if they held none. */
export async function revokeStaff(db: Db, actor: Actor, userId: number): Promise<boolean> {
  if (!allows(actor, "staff", "write", {})) throw new DomainError("forbidden", "Only an admin can revoke staff.");
  const changed = await db
    .update(users)
    .set({ roles: [], provinceId: null, countyId: null, agencyId: null, updatedAt: sql`now()` })
    .where(and(eq(users.id, userId), hasRole))
    .returning({ id: users.id });
  return changed.length > 0;
}
