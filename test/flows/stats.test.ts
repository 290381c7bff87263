import { mkdirSync, writeFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InviteRegion } from "../../core/invites.ts";
import { recentPeriods } from "../../core/jalali-periods.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { agencies, counties, generatedFiles } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";
import { joinWithInvite } from "../support/staff.ts";

// /stats in chat: each role sees the figures of its own reach only (an assistant its county's, a provincial
// representative its province's, a ministry's representative its agency's, an admin everything), as a chart
// image with the summary under it; the buttons change the period and the grouping.

let database: Database;
let db: Db;
let h: BotHarness;
const ADMIN = 7400;
const users = { citizen: 7401, assistant: 7402, provincial: 7403, ministry: 7404, admin: ADMIN };
const UNKNOWN = "این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.";
let karaj: { id: number; provinceId: number };
let taminId: number;

const now = new Date();
const periods = recentPeriods(now);
const fa = (n: number) => n.toLocaleString("fa-IR");

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(db, { adminIds: [ADMIN] });
  [karaj] = await db.select().from(counties).where(eq(counties.nameFa, "کرج"));
  const [tamin] = await db.select().from(agencies).where(eq(agencies.code, "tamin"));
  taminId = tamin.id;
  const regions: [number, InviteRegion][] = [
    [users.assistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId }],
    [users.provincial, { role: "provincial", provinceId: karaj.provinceId }],
    [users.ministry, { role: "ministry", agencyId: taminId }],
  ];
  for (const [user, region] of regions) await joinWithInvite(h, db, user, region);
  // This month so far, in Karaj and in the rest of the country; more in the months before.
  await seedQuarterOfCases(db, { from: periods.thisMonth.from, to: now, cases: 400, tag: "month" });
  await seedQuarterOfCases(db, { from: periods.thisMonth.from, to: now, cases: 60, provinces: ["ALB"], tag: "alborz" });
  await seedQuarterOfCases(db, { from: periods.thisYear.from, to: periods.thisMonth.from, cases: 500, tag: "year" });
});

const count = async (where: ReturnType<typeof sql>, from = periods.thisMonth.from, to = periods.thisMonth.to) =>
  Number(rowsOf(await db.execute(sql`select count(*) as n from cases c where c.created_at >= ${from.toISOString()}::timestamptz and c.created_at < ${to.toISOString()}::timestamptz and ${where}`))[0].n);

const expected = {
  assistant: () => count(sql`c.county_id = ${karaj.id}`),
  provincial: () => count(sql`c.province_id = ${karaj.provinceId}`),
  ministry: () => count(sql`c.agency_id = ${taminId}`),
  admin: () => count(sql`true`),
};

describe("/stats", () => {
  for (const role of ["assistant", "provincial", "ministry", "admin"] as const) {
    it(`shows the ${role} the figures of its own reach, with a chart`, async () => {
      const n = await expected[role]();
      expect(n).toBeGreaterThan(0);
      await h.text(users[role], "/stats");
      const shown = h.lastText(users[role]);
      expect(shown).toContain(`📥 ثبت‌شده: ${fa(n)} (`);
      // «·» reads as the Persian zero «۰»: «رفع شد ۰ · رفع نشد ۰» looked like a row of dots.
      expect(shown).not.toContain("·");
      expect(shown).toMatch(/رفع شد [۰-۹]+، رفع نشد [۰-۹]+، /);
      const photo = h.calls.filter((c) => c.method === "sendPhoto" && c.payload.chat_id === users[role]).at(-1);
      expect(photo, "a chart image").toBeDefined();
      expect(photo!.payload.caption).toBe(shown);
    });
  }

  it("is an unknown command to a citizen", async () => {
    await h.text(users.citizen, "/stats");
    expect(h.lastText(users.citizen)).toBe(UNKNOWN);
  });

  it("changes the period and the grouping with its buttons, the new message in place of the old", async () => {
    await h.text(ADMIN, "/stats");
    const first = h.findButton(ADMIN, "استان");
    await h.tap(ADMIN, /^سال /);
    expect(h.calls.some((c) => c.method === "deleteMessage" && c.payload.message_id === first.messageId)).toBe(true);
    const year = await count(sql`true`, periods.thisYear.from, periods.thisYear.to);
    expect(h.lastText(ADMIN)).toContain(`📥 ثبت‌شده: ${fa(year)} (`);
    expect(h.findButton(ADMIN, /^✓ سال /)).toBeDefined();
    await h.tap(ADMIN, "استان");
    expect(h.findButton(ADMIN, "✓ استان")).toBeDefined();
    // Still the year: the grouping changed, not the period.
    expect(h.lastText(ADMIN)).toContain(`📥 ثبت‌شده: ${fa(year)} (`);
    const [chart] = await db.select().from(generatedFiles).orderBy(sql`${generatedFiles.id} desc`).limit(1);
    expect(chart.fileName).toMatch(/^stats-\d{4}-province\.png$/);
    expect(chart.content.subarray(1, 4).toString()).toBe("PNG");
    mkdirSync("test-artifacts", { recursive: true });
    writeFileSync("test-artifacts/stats-admin-by-province.png", chart.content);
  });

  it("keeps an assistant to its county: a grouping it does not have is refused and the figures stay its own", async () => {
    await h.text(users.assistant, "/stats");
    const { messageId, data } = h.findButton(users.assistant, "موضوع");
    await h.send(h.callbackUpdate(users.assistant, data.replace(/g:topic$/, "g:province"), messageId));
    expect(`${h.lastToast()} ${h.lastText(users.assistant)}`).toContain("گزینه");
    expect(h.lastText(users.assistant)).toContain(`📥 ثبت‌شده: ${fa(await expected.assistant())} (`);
  });
});
