import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, agencyUnits, counties, provinces } from "../db/schema.ts";
import { DomainError } from "./errors.ts";

// Units of an agency: its office in a province, or in one county (a municipality). A case goes to the most
// specific active unit of its agency where it was filed (county, else province), else to the agency itself.

export type AgencyUnit = typeof agencyUnits.$inferSelect;

/** The unit a case of `agencyId` filed in the county answers through, or null for the agency itself. */
export async function unitFor(db: Db, agencyId: number, provinceId: number, countyId: number): Promise<AgencyUnit | null> {
  const [unit] = await db
    .select()
    .from(agencyUnits)
    .where(
      and(
        eq(agencyUnits.agencyId, agencyId),
        eq(agencyUnits.provinceId, provinceId),
        eq(agencyUnits.active, true),
        or(eq(agencyUnits.countyId, countyId), isNull(agencyUnits.countyId)),
      ),
    )
    // A county's own unit before its province's.
    .orderBy(sql`${agencyUnits.countyId} is null`, asc(agencyUnits.id))
    .limit(1);
  return unit ?? null;
}

/** Creates a unit of an agency (by code) in a province (by code), optionally one of its counties (by Persian name). */
export async function createUnit(db: Db, o: { agencyCode: string; provinceCode: string; countyFa?: string; nameFa: string; nameEn: string }): Promise<AgencyUnit> {
  const [agency] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, o.agencyCode));
  if (!agency) throw new DomainError("unknown_agency", `No agency with code ${o.agencyCode}.`);
  const [province] = await db.select({ id: provinces.id }).from(provinces).where(eq(provinces.code, o.provinceCode.toUpperCase()));
  if (!province) throw new DomainError("unknown_province", `No province with code ${o.provinceCode}.`);
  let countyId: number | null = null;
  if (o.countyFa !== undefined) {
    const [county] = await db.select({ id: counties.id }).from(counties).where(and(eq(counties.provinceId, province.id), eq(counties.nameFa, o.countyFa)));
    if (!county) throw new DomainError("unknown_county", `No county named ${o.countyFa} in province ${o.provinceCode}.`);
    countyId = county.id;
  }
  const [row] = await db
    .insert(agencyUnits)
    .values({ agencyId: agency.id, provinceId: province.id, countyId, nameFa: o.nameFa, nameEn: o.nameEn })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new DomainError("unit_exists", `Agency ${o.agencyCode} already has a unit there.`);
  return row;
}

/** Units with their agency, province and county, optionally of one agency. */
export async function listUnits(db: Db, agencyCode?: string) {
  const rows = await db
    .select({ id: agencyUnits.id, agency: agencies.code, province: provinces.code, county: counties.nameFa, nameFa: agencyUnits.nameFa, nameEn: agencyUnits.nameEn, webhookUrl: agencyUnits.webhookUrl, active: agencyUnits.active })
    .from(agencyUnits)
    .innerJoin(agencies, eq(agencies.id, agencyUnits.agencyId))
    .innerJoin(provinces, eq(provinces.id, agencyUnits.provinceId))
    .leftJoin(counties, eq(counties.id, agencyUnits.countyId))
    .where(agencyCode ? eq(agencies.code, agencyCode) : undefined)
    .orderBy(asc(agencyUnits.id));
  return rows;
}

/** A unit by id, or null. */
export async function getUnit(db: Db, id: number): Promise<AgencyUnit | null> {
  const [row] = await db.select().from(agencyUnits).where(eq(agencyUnits.id, id));
  return row ?? null;
}

/** Registers (or, with url null, clears) the URL and signing secret a unit's webhooks go to; false for no such unit. */
export async function setUnitWebhook(db: Db, id: number, hook: { url: string; secret: string } | null): Promise<boolean> {
  const rows = await db
    .update(agencyUnits)
    .set({ webhookUrl: hook?.url ?? null, webhookSecret: hook?.secret ?? null })
    .where(eq(agencyUnits.id, id))
    .returning({ id: agencyUnits.id });
  return rows.length > 0;
}
