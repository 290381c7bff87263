import { and, eq, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { agencies, agencyUnits, counties } from "./schema.ts";
import { provinces as provinceSeeds } from "./seed/regions.ts";
import { agencyAliases, unitSeeds } from "./seed/local-agencies.ts";

/**
 * Inserts the seeded units that are missing and gives agencies their seeded aliases while they have none
 * (a database made before aliases existed gets them on its next start; an admin's own list is kept).
 */
export async function seedUnitsAndAliases(tx: Db, provinceIds: Map<string, number>, agencyIds: Map<string, number>): Promise<void> {
  const countyIds = new Map((await tx.select({ id: counties.id, provinceId: counties.provinceId, nameFa: counties.nameFa }).from(counties)).map((c) => [`${c.provinceId}/${c.nameFa}`, c.id]));
  const rows = unitSeeds(provinceSeeds).flatMap((u) => {
    const agencyId = agencyIds.get(u.agencyCode);
    const provinceId = provinceIds.get(u.provinceCode);
    const countyId = u.countyFa === undefined ? null : countyIds.get(`${provinceId}/${u.countyFa}`);
    // A county an admin renamed, or an agency removed from the seed, simply gets no unit.
    if (agencyId === undefined || provinceId === undefined || countyId === undefined) return [];
    return [{ agencyId, provinceId, countyId, nameFa: u.fa, nameEn: u.en, seeded: true }];
  });
  // A few hundred rows a statement keeps well under the parameter limit (8 columns each).
  for (let i = 0; i < rows.length; i += 500) await tx.insert(agencyUnits).values(rows.slice(i, i + 500)).onConflictDoNothing();

  for (const [code, aliases] of Object.entries(agencyAliases)) {
    await tx
      .update(agencies)
      .set({ aliases })
      .where(and(eq(agencies.code, code), sql`cardinality(${agencies.aliases}) = 0`));
  }
}
