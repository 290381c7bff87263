import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { transactionEndingWith } from "../../messaging/chat-state.ts";
import { users } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { rowsOf } from "../../db/rows.ts";

// The update path's transaction, which ends with the statement its work answers, keeps every promise of
// a transaction: all or nothing, nested transactions as savepoints.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});

const addUser = (db: Database["db"], id: number) => db.insert(users).values({ platform: "telegram", platformUserId: id }).returning({ id: users.id });
const userIds = async () => (await database.db.select({ p: users.platformUserId }).from(users).orderBy(users.platformUserId)).map((r) => r.p);

describe("a transaction ending with a given statement", () => {
  it("commits everything, including the last statement, and answers what the last statement reads as", async () => {
    const result = await transactionEndingWith(database.db, async (tx) => {
      await addUser(tx, 1);
      return { query: sql`insert into users (platform, platform_user_id) values ('telegram', 2) returning platform_user_id`, read: (r) => rowsOf(r)[0].platform_user_id };
    });
    expect(Number(result)).toBe(2);
    expect(await userIds()).toEqual([1, 2]);
  });

  it("keeps nothing when the work throws", async () => {
    await expect(
      transactionEndingWith(database.db, async (tx) => {
        await addUser(tx, 3);
        throw new Error("a bug in the step");
      }),
    ).rejects.toThrow("a bug in the step");
    expect(await userIds()).toEqual([]);
  });

  it("keeps nothing when the last statement fails", async () => {
    await expect(
      transactionEndingWith(database.db, async (tx) => {
        await addUser(tx, 4);
        return { query: sql`select 1 / 0`, read: () => 0 };
      }),
    ).rejects.toThrow();
    expect(await userIds()).toEqual([]);
    // The connection went back to the pool in a usable state.
    await transactionEndingWith(database.db, async () => ({ query: sql`insert into users (platform, platform_user_id) values ('telegram', 5)`, read: () => 0 }));
    expect(await userIds()).toEqual([5]);
  });

  it("runs a nested transaction as a savepoint: its failure undoes only itself", async () => {
    await transactionEndingWith(database.db, async (tx) => {
      await addUser(tx, 6);
      await tx.transaction(async (inner) => {
        await addUser(inner, 7);
        throw new Error("inner failure");
      }).catch(() => {});
      await tx.transaction(async (inner) => void (await addUser(inner, 8)));
      return null;
    });
    expect(await userIds()).toEqual([6, 8]);
  });
});
