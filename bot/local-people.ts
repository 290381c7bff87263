import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, counties, provinces, users } from "../db/schema.ts";
import type { StaffRole } from "../core/access.ts";

// The people of local mode's chat page: the same ids at every start, each already in their role, so a
// newcomer can walk all four groups of users (and come back to them after a restart) without inviting
// anyone first. "A new person" stays for trying an invite: a fresh id at each start, kept in the list
// afterwards once they have written.

export interface LocalPerson {
  id: number;
  label: string;
  role?: StaffRole;
  /** Where a staff role reaches: a county of a province, a province, or an agency (by seed code). */
  province?: string;
  county?: string;
  agency?: string;
}

export const LOCAL_PEOPLE: readonly LocalPerson[] = [
  { id: 1001, label: "شهروند ۱" },
  { id: 1002, label: "شهروند ۲" },
  { id: 3001, label: "دستیار ترویج شهرستان کرج", role: "assistant", province: "ALB", county: "کرج" },
  { id: 3002, label: "نمایندهٔ استان البرز", role: "provincial", province: "ALB" },
  { id: 3003, label: "نمایندهٔ وزارت آموزش و پرورش", role: "ministry", agency: "education" },
  { id: 9001, label: "مدیر سامانه", role: "admin" },
];

/** Ids from here up are "a new person" of some start (the chat page's selector lists those who wrote). */
export const NEW_PERSON_IDS_FROM = 2_000_000;

/**
 * Gives each named person of local mode their role, on the first start with this database: a person who
 * is already there keeps whatever happened to them since (an admin may have revoked a role).
 */
export async function seedLocalPeople(db: Db, platform: string): Promise<void> {
  for (const p of LOCAL_PEOPLE) {
    const region = await regionOf(db, p);
    await db
      .insert(users)
      .values({ platform, platformUserId: p.id, firstName: p.label, language: "fa", roles: p.role ? [p.role] : [], ...region })
      .onConflictDoNothing({ target: [users.platform, users.platformUserId] });
  }
}

async function regionOf(db: Db, p: LocalPerson): Promise<{ provinceId?: number; countyId?: number; agencyId?: number }> {
  const [province] = p.province ? await db.select({ id: provinces.id }).from(provinces).where(eq(provinces.code, p.province)) : [];
  const [county] = p.county && province ? await db.select({ id: counties.id }).from(counties).where(and(eq(counties.provinceId, province.id), eq(counties.nameFa, p.county))) : [];
  const [agency] = p.agency ? await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, p.agency)) : [];
  return { ...(province ? { provinceId: province.id } : {}), ...(county ? { countyId: county.id } : {}), ...(agency ? { agencyId: agency.id } : {}) };
}
