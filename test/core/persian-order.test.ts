import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../core/access.ts";
import { listMembers, registerMember } from "../../core/network.ts";
import { comparePersian } from "../../core/persian.ts";
import { quarterlyFigures } from "../../core/quarterly-figures.ts";
import { upsertUser } from "../../core/users.ts";
import type { Database, Db } from "../../db/client.ts";
import { region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// Lists people read are in Persian alphabetical order. The databases order by character code, which put
// پ چ ژ ک گ after every Arabic letter: Alborz's counties read «…فردیس، نظرآباد، چهارباغ، کرج».

let database: Database;
let db: Db;
let alborz: { provinceId: number; countyIds: number[] };
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  alborz = await region(db, "ALB");
});
beforeEach(() => resetUserData(database));

describe("Persian order", () => {
  it("puts پ چ ژ ک گ where the alphabet has them", () => {
    expect(["کرج", "نظرآباد", "چهارباغ", "ژاله", "آبیک", "گرمسار", "پاکدشت", "بابل"].sort(comparePersian)).toEqual(["آبیک", "بابل", "پاکدشت", "چهارباغ", "ژاله", "کرج", "گرمسار", "نظرآباد"]);
  });

  it("lists a province's counties in the quarterly report alphabetically", async () => {
    const f = await quarterlyFigures(db, { kind: "system" }, alborz.provinceId, 1405, 3);
    expect(f.counties.map((c) => c.name.fa)).toEqual(["اشتهارد", "چهارباغ", "ساوجبلاغ", "طالقان", "فردیس", "کرج", "نظرآباد"]);
  });

  it("lists a county's network members alphabetically, active ones first", async () => {
    const me = await upsertUser(db, { platform: "telegram", platformUserId: 55501, firstName: "دستیار" });
    const assistant: Actor = { kind: "assistant", userId: me.id, provinceId: alborz.provinceId, countyId: alborz.countyIds[0] };
    for (const [i, name] of ["نادر", "کاوه", "چمران", "بهار"].entries())
      await registerMember(db, assistant, { kind: "helper", form: "person", name, domain: "social", phone: null, notes: null }, `order-${i}`);
    expect((await listMembers(db, assistant)).map((m) => m.name)).toEqual(["بهار", "چمران", "کاوه", "نادر"]);
  });
});
