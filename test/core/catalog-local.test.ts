import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findUnit, listAgencies } from "../../core/catalog.ts";
import type { Database } from "../../db/client.ts";
import { agencies, agencyUnits, counties, provinces } from "../../db/schema.ts";
import { seedReferenceData } from "../../db/seed.ts";
import { testDatabase } from "../support/database.ts";

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});

const src = () => ({ db: database.db });
const codes = async (query: string) => (await listAgencies(src(), query)).map((a) => a.code);

async function place(provinceCode: string, countyFa: string) {
  const [row] = await database.db
    .select({ provinceId: provinces.id, countyId: counties.id })
    .from(counties)
    .innerJoin(provinces, eq(provinces.id, counties.provinceId))
    .where(and(eq(provinces.code, provinceCode), eq(counties.nameFa, countyFa)));
  return row;
}

async function agencyId(code: string) {
  const [row] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  return row.id;
}

describe("the local agencies citizens complain to", () => {
  it("finds the municipality first for «شهرداری», typed with Arabic letters, a half-space or none", async () => {
    for (const q of ["شهرداری", "شهرداري", "شهر داری", "شهرداری‌ها", "شهرداری ها"]) expect((await codes(q))[0], q).toBe("municipality");
  });

  it("finds agencies by the names people type", async () => {
    expect(await codes("آب و فاضلاب")).toContain("water");
    expect(await codes("آبفا")).toContain("water");
    expect((await codes("برق"))[0]).toBe("electricity");
    expect((await codes("گاز"))[0]).toBe("gas");
    expect(await codes("تامین اجتماعی")).toContain("tamin");
    expect(await codes("ثبت احوال")).toEqual(["civilreg"]);
    expect((await codes("استانداری"))[0]).toBe("governorate");
    expect((await codes("فرمانداري"))[0]).toBe("county_governorate");
  });

  it("shows for «آب» the water company alone, not agencies whose names or units only hold the letters («…آباد», «انقلاب»)", async () => {
    expect(await codes("آب")).toEqual(["water"]);
    expect(await codes("اب")).toEqual(["water"]);
  });

  it("ranks an agency whose name or alias is the query above those that only hold its words", async () => {
    expect((await codes("آبفا"))[0]).toBe("water");
    expect(await codes("برق")).toEqual(["electricity"]);
  });

  it("still finds an agency from the start of a word while its name is being typed, and from inside one when nothing else matches", async () => {
    expect((await codes("شهردا"))[0]).toBe("municipality");
    expect(await codes("فاضل")).toContain("water");
    expect(await codes("رداری")).toContain("municipality");
  });

  it("finds an agency by the name of one of its units", async () => {
    expect(await codes("شهرداری یاسوج")).toEqual(["municipality"]);
    expect(await codes("آب و فاضلاب اصفهان")).toContain("water");
  });

  it("sends a Tehran citizen's municipality case to Tehran's municipality, never Isfahan's", async () => {
    const municipality = await agencyId("municipality");
    const tehran = await place("THR", "تهران");
    expect((await findUnit(src(), municipality, tehran.provinceId, tehran.countyId))?.nameFa).toBe("شهرداری تهران");
    const isfahan = await place("ESF", "اصفهان");
    expect((await findUnit(src(), municipality, isfahan.provinceId, isfahan.countyId))?.nameFa).toBe("شهرداری اصفهان");
  });

  it("names a county's municipality after its seat, and finds it through the county", async () => {
    const municipality = await agencyId("municipality");
    const boyerAhmad = await place("KBA", "بویراحمد");
    expect((await findUnit(src(), municipality, boyerAhmad.provinceId, boyerAhmad.countyId))?.nameFa).toBe("شهرداری یاسوج");
  });

  it("has a municipality and a county governorate in every county, and the provincial offices in every province", async () => {
    const [{ n: countyCount }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(counties);
    const [{ n: provinceCount }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(provinces);
    const perAgency = await database.db
      .select({ code: agencies.code, n: sql<number>`count(*)::int` })
      .from(agencyUnits)
      .innerJoin(agencies, eq(agencies.id, agencyUnits.agencyId))
      .groupBy(agencies.code);
    const n = Object.fromEntries(perAgency.map((r) => [r.code, r.n]));
    expect(n.municipality).toBe(countyCount);
    expect(n.county_governorate).toBe(countyCount);
    for (const code of ["governorate", "water", "electricity", "gas", "tamin"]) expect(n[code], code).toBe(provinceCount);
  });

  it("a province's office serves every county of it when the agency has no county unit", async () => {
    const water = await agencyId("water");
    const kashan = await place("ESF", "کاشان");
    expect((await findUnit(src(), water, kashan.provinceId, kashan.countyId))?.nameFa).toBe("شرکت آب و فاضلاب استان اصفهان");
  });

  it("gives a database seeded before units and aliases existed its units and aliases on the next start, once", async () => {
    const gas = await agencyId("gas");
    await database.db.delete(agencyUnits).where(eq(agencyUnits.agencyId, gas));
    await database.db.update(agencies).set({ aliases: [] }).where(eq(agencies.id, gas));
    const unitCount = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(agencyUnits))[0].n;
    await seedReferenceData(database.db);
    const after = await unitCount();
    await seedReferenceData(database.db);
    expect(await unitCount()).toBe(after);
    expect((await database.db.select().from(agencyUnits).where(eq(agencyUnits.agencyId, gas))).length).toBeGreaterThan(30);
    const [row] = await database.db.select({ aliases: agencies.aliases }).from(agencies).where(eq(agencies.id, gas));
    expect(row.aliases).toContain("گاز");
  });

  it("keeps an admin's own aliases across a restart", async () => {
    const post = await agencyId("post");
    const [seeded] = await database.db.select({ aliases: agencies.aliases }).from(agencies).where(eq(agencies.id, post));
    await database.db.update(agencies).set({ aliases: ["پستخانه"] }).where(eq(agencies.id, post));
    try {
      await seedReferenceData(database.db);
      const [row] = await database.db.select({ aliases: agencies.aliases }).from(agencies).where(eq(agencies.id, post));
      expect(row.aliases).toEqual(["پستخانه"]);
    } finally {
      await database.db.update(agencies).set({ aliases: seeded.aliases }).where(eq(agencies.id, post));
    }
  });
});
