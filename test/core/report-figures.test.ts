import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileCase } from "../../core/cases.ts";
import type { Actor } from "../../core/access.ts";
import { monthlyFigures } from "../../core/report-figures.ts";
import type { Database } from "../../db/client.ts";
import { agencies, cases, counties, users } from "../../db/schema.ts";
import { resetUserData, testDatabase } from "../support/database.ts";

let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
});

async function caseFiledAt(at: string, countyId: number, provinceId: number, agencyId: number, n: number) {
  const [u] = await database.db.insert(users).values({ platform: "telegram", platformUserId: 880000 + n }).returning();
  const filed = await fileCase(database.db, { platform: "telegram", userId: u.id, kind: "complaint", agencyId, provinceId, countyId, subject: "موضوع آزمایشی", description: "شرح آزمایشی برای مرز ماه", anonymous: false, contactPhoneVerified: false, attachments: [], clientKey: `edge-${n}` });
  await database.db.update(cases).set({ createdAt: new Date(at) }).where(eq(cases.id, filed.caseId));
}

const assistantOf = (c: { id: number; provinceId: number }): Actor => ({ kind: "assistant", userId: 0, countyId: c.id, provinceId: c.provinceId });

describe("a monthly report's citizen cases", () => {
  it("counts a case filed at 23:59 Tehran time on the month's last day in that month, and one a minute later in the next", async () => {
    const [county] = await database.db.select().from(counties).limit(1);
    const [agency] = await database.db.select().from(agencies).limit(1);
    await caseFiledAt("2026-12-21T20:29:00Z", county.id, county.provinceId, agency.id, 1); // 30 Azar 1405, 23:59 in Tehran
    await caseFiledAt("2026-12-21T20:31:00Z", county.id, county.provinceId, agency.id, 2); // 1 Dey 1405, 00:01 in Tehran
    await caseFiledAt("2026-11-21T20:30:00Z", county.id, county.provinceId, agency.id, 3); // 1 Azar 1405, 00:00 in Tehran
    const azar = await monthlyFigures(database.db, assistantOf(county), county.id, { jy: 1405, jm: 9 });
    const dey = await monthlyFigures(database.db, assistantOf(county), county.id, { jy: 1405, jm: 10 });
    expect(azar.cases.filed).toBe(2);
    expect(dey.cases.filed).toBe(1);
    expect(azar.cases.byAgency).toEqual([expect.objectContaining({ agencyId: agency.id, filed: 2 })]);
  });

  it("counts nothing for an actor who may not count that county (an assistant of another county)", async () => {
    const [a, b] = await database.db.select().from(counties).limit(2);
    const [agency] = await database.db.select().from(agencies).limit(1);
    await caseFiledAt("2026-12-01T10:00:00Z", a.id, a.provinceId, agency.id, 5);
    expect((await monthlyFigures(database.db, assistantOf(a), a.id, { jy: 1405, jm: 9 })).cases.filed).toBe(1);
    expect((await monthlyFigures(database.db, assistantOf(b), a.id, { jy: 1405, jm: 9 })).cases.filed).toBe(0);
  });

  it("counts only the county's own cases", async () => {
    const [a, b] = await database.db.select().from(counties).limit(2);
    const [agency] = await database.db.select().from(agencies).limit(1);
    await caseFiledAt("2026-12-01T10:00:00Z", b.id, b.provinceId, agency.id, 4);
    expect((await monthlyFigures(database.db, assistantOf(a), a.id, { jy: 1405, jm: 9 })).cases.filed).toBe(0);
  });
});
