import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caseFigures } from "../../core/case-figures.ts";
import { tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { monthlyFigures } from "../../core/report-figures.ts";
import type { Database, Db } from "../../db/client.ts";
import { makeCase, region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

// One meaning of answered, overdue and resolved for every figure: a reopened case that had been answered
// counted «پاسخ‌داده: ۰» in the monthly and quarterly reports and «پاسخ داده‌شده: ۱» in /stats.

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
beforeEach(() => resetUserData(database));

describe("answered, overdue and resolved", () => {
  it("are counted alike by /stats and the monthly report, for answered, reopened, resolved and late cases", async () => {
    const tehran = await region(db, "THR");
    const county = tehran.countyIds[0];
    const hour = 3_600_000;
    const [answered, reopened, resolved, late, open] = await Promise.all([0, 1, 2, 3, 4].map(() => makeCase(db, { agency: "tamin" })));
    const set = (id: number, s: ReturnType<typeof sql>) => db.execute(sql`update cases set ${s} where id = ${id}`);
    await set(answered.id, sql`status = 'answered', responded_at = now()`);
    // Answered, closed, then reopened by the citizen's objection.
    await set(reopened.id, sql`status = 'reopened', responded_at = now() - interval '1 hour', closed_at = null`);
    await set(resolved.id, sql`status = 'resolved', responded_at = now(), closed_at = now()`);
    await set(late.id, sql`expected_at = ${new Date(Date.now() - hour).toISOString()}::timestamptz`);
    await set(open.id, sql`expected_at = ${new Date(Date.now() + 48 * hour).toISOString()}::timestamptz`);

    const now = new Date(Date.now() + 1000);
    const month = tehranJalaliDay(new Date());
    const monthly = (await monthlyFigures(db, { kind: "system" }, county, { jy: month.jy, jm: month.jm }, now)).cases;
    const stats = await caseFigures(db, { kind: "system" }, { from: new Date(Date.now() - 24 * hour), to: now, countyId: county }, { now });
    expect(monthly).toMatchObject({ filed: 5, answered: 3, overdue: 1 });
    expect({ filed: stats.filed, answered: stats.answered, overdue: stats.overdueNow, resolved: stats.resolved }).toEqual({ filed: 5, answered: 3, overdue: 1, resolved: 1 });
  });
});
