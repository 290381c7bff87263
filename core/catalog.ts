import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { agencies, agencyTopics, counties, provinces } from "../db/schema.ts";
import { matchesQuery } from "./persian.ts";

// Reference data (agencies, topics, regions) is read from the database on every use: admins change it,
// and a second instance must see the change at once. The tables are small and indexed.

export type Agency = typeof agencies.$inferSelect;
export type Topic = typeof agencyTopics.$inferSelect;
export type Province = typeof provinces.$inferSelect;
export type County = typeof counties.$inferSelect;

/** Active agencies in display order, optionally narrowed by a Persian- or English-normalised query. */
export async function listAgencies(db: Db, query?: string): Promise<Agency[]> {
  const rows = await db.select().from(agencies).where(eq(agencies.active, true)).orderBy(asc(agencies.id));
  return query ? rows.filter((a) => matchesQuery(`${a.nameFa} ${a.nameEn} ${a.code}`, query)) : rows;
}

export async function getAgency(db: Db, id: number): Promise<Agency | null> {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row ?? null;
}

export async function listTopics(db: Db, agencyId: number): Promise<Topic[]> {
  return db
    .select()
    .from(agencyTopics)
    .where(and(eq(agencyTopics.agencyId, agencyId), eq(agencyTopics.active, true)))
    .orderBy(asc(agencyTopics.id));
}

export async function getTopic(db: Db, agencyId: number, topicId: number): Promise<Topic | null> {
  const [row] = await db
    .select()
    .from(agencyTopics)
    .where(and(eq(agencyTopics.id, topicId), eq(agencyTopics.agencyId, agencyId), eq(agencyTopics.active, true)));
  return row ?? null;
}

export async function listProvinces(db: Db, query?: string): Promise<Province[]> {
  const rows = await db.select().from(provinces).orderBy(asc(provinces.id));
  return query ? rows.filter((p) => matchesQuery(`${p.nameFa} ${p.nameEn}`, query)) : rows;
}

export async function getProvince(db: Db, id: number): Promise<Province | null> {
  const [row] = await db.select().from(provinces).where(eq(provinces.id, id));
  return row ?? null;
}

export async function listCounties(db: Db, provinceId: number, query?: string): Promise<County[]> {
  const rows = await db.select().from(counties).where(eq(counties.provinceId, provinceId)).orderBy(asc(counties.id));
  return query ? rows.filter((c) => matchesQuery(`${c.nameFa} ${c.nameEn}`, query)) : rows;
}

export async function getCounty(db: Db, provinceId: number, countyId: number): Promise<County | null> {
  const [row] = await db
    .select()
    .from(counties)
    .where(and(eq(counties.id, countyId), eq(counties.provinceId, provinceId)));
  return row ?? null;
}
