import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InviteRegion } from "../../core/invites.ts";
import type { Database } from "../../db/client.ts";
import { agencies, counties } from "../../db/schema.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { joinWithInvite } from "../support/staff.ts";

// Every role × every staff command and menu entry, over chat: each role opens exactly its own work; every
// other staff command answers like an unknown one. Written out by hand, not read from the flows.

let database: Database;
let h: BotHarness;
const ADMIN = 7300;
const users = { citizen: 7301, assistant: 7302, provincial: 7303, ministry: 7304, admin: ADMIN };
const UNKNOWN = "این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.";

const COMMANDS: Record<string, string> = {
  "/network": "🤝 شبکهٔ مردمی",
  "/activity": "➕ ثبت فعالیت",
  "/activities": "🗂 فعالیت‌های ثبت‌شده",
  "/consult": "🗳 نظرخواهی از شبکه",
  "/report": "📊 گزارش ماهانه",
  "/reviews": "📥 گزارش‌های ماهانهٔ شهرستان‌ها",
  "/quarterly": "📈 گزارش فصلی",
  "/agencyreports": "📊 سهم دستگاه از گزارش‌ها",
  "/inbox": "📥 ابلاغیه‌های رسیده",
  "/directive": "📣 صدور ابلاغیه",
  "/directives": "📋 پیگیری ابلاغیه‌ها",
  "/announce": "📢 اطلاع‌رسانی همگانی",
  "/invite": "🎟 دعوت همکار",
  "/staff": "👥 همکاران",
  "/stats": "📊 آمار",
  "/export": "📤 خروجی اکسل",
};

// Directives: admins and ministries' representatives issue them; whoever issued or forwarded them follows
// them; assistants, provincial and ministries' representatives receive them (a provincial one forwards).
// Announcements are the admins'.
const MAY: Record<keyof typeof users, string[]> = {
  citizen: [],
  assistant: ["/network", "/activity", "/activities", "/consult", "/report", "/inbox", "/stats", "/export"],
  provincial: ["/reviews", "/quarterly", "/inbox", "/directives", "/stats", "/export"],
  ministry: ["/agencyreports", "/inbox", "/directive", "/directives", "/stats", "/export"],
  admin: ["/directive", "/directives", "/announce", "/invite", "/staff", "/stats", "/export"],
};

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db, { adminIds: [ADMIN] });
  const [karaj] = await database.db.select().from(counties).where(eq(counties.nameFa, "کرج"));
  const [tamin] = await database.db.select().from(agencies).where(eq(agencies.code, "tamin"));
  const regions: [number, InviteRegion][] = [
    [users.assistant, { role: "assistant", countyId: karaj.id, provinceId: karaj.provinceId }],
    [users.provincial, { role: "provincial", provinceId: karaj.provinceId }],
    [users.ministry, { role: "ministry", agencyId: tamin.id }],
  ];
  for (const [user, region] of regions) await joinWithInvite(h, database.db, user, region);
});

describe("staff commands by role", () => {
  for (const role of Object.keys(users) as (keyof typeof users)[]) {
    it(`opens exactly the ${role}'s own work, by command and by menu label, and shows only its menu entries`, async () => {
      const user = users[role];
      await h.text(user, "/start");
      const menu = h.replyKeyboard(user).flat().map((b) => b.text);
      for (const [command, label] of Object.entries(COMMANDS)) {
        const may = MAY[role].includes(command);
        expect(menu.includes(label), `${role} menu ${label}`).toBe(may);
        await h.text(user, "/cancel");
        await h.text(user, command);
        if (may) expect(h.lastText(user), `${role} ${command}`).not.toBe(UNKNOWN);
        else expect(h.lastText(user), `${role} ${command}`).toBe(UNKNOWN);
        await h.text(user, "/cancel");
        await h.text(user, label);
        if (!may) expect(h.lastText(user), `${role} ${label}`).toBe(UNKNOWN);
      }
    });
  }
});
