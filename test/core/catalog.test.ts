import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CatalogCache, getAgency, listAgencies, listCounties, listProvinces } from "../../core/catalog.ts";
import type { Database } from "../../db/client.ts";
import { agencies } from "../../db/schema.ts";
import { testDatabase } from "../support/database.ts";

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});

describe("the reference-data catalog", () => {
  it("finds agencies, provinces and counties by Persian text typed with Arabic letters", async () => {
    const src = { db: database.db };
    expect((await listAgencies(src, "تامين")).map((a) => a.code)).toContain("tamin");
    const [kerman] = await listProvinces(src, "كرمان");
    expect(kerman.nameFa).toBe("کرمان");
    expect((await listCounties(src, kerman.id, "رفسنجان")).map((c) => c.nameFa)).toEqual(["رفسنجان"]);
  });

  it("serves repeated reads from the cache, inside and outside transactions, until it is cleared", async () => {
    const cache = new CatalogCache(60_000);
    const code = `cache-test-${Date.now()}`;
    const before = await database.db.transaction((tx) => listAgencies({ db: tx, catalogCache: cache }));
    const [added] = await database.db.insert(agencies).values({ code, nameFa: "دستگاه آزمایشی", nameEn: "Test agency" }).returning();
    try {
      // The transaction that loaded the list is over; the cached rows are still served, without a query.
      expect(await database.db.transaction((tx) => listAgencies({ db: tx, catalogCache: cache }))).toHaveLength(before.length);
      expect(await getAgency({ db: database.db, catalogCache: cache }, added.id)).toBeNull();
      cache.clear();
      expect((await getAgency({ db: database.db, catalogCache: cache }, added.id))?.code).toBe(code);
    } finally {
      await database.db.delete(agencies).where(eq(agencies.id, added.id));
    }
  });

  it("does not keep a failed load", async () => {
    const cache = new CatalogCache(60_000);
    await expect(cache.get("k", async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get("k", async () => "loaded")).toBe("loaded");
  });
});
