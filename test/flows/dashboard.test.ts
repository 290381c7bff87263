import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { appWithWebhook, capturingLogger, WEBHOOK_SECRET } from "../support/app.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { ROLES, staffPlaces, staffUser, type StaffPlaces } from "../support/dashboard.ts";

// /dashboard in chat: staff get a one-time link as a button, said to work once and for ten minutes; to
// anyone else it is an unknown command. The reply queue forgets the link once it is sent, and no log line holds it.

let database: Database;
let db: Db;
let places: StaffPlaces;
const APP_URL = "https://hamyar.example.ir";
const UNKNOWN = "این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.";

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  places = await staffPlaces(db);
});
beforeEach(() => resetUserData(database));

/** A staff member of `role` in chat: their platform user id. */
async function staffInChat(role: (typeof ROLES)[number] | "citizen"): Promise<number> {
  const { userId } = await staffUser(db, role, places);
  return Number(rowsOf(await db.execute(sql`select platform_user_id from users where id = ${userId}`))[0].platform_user_id);
}

const linkButton = (h: BotHarness, chatId: number) => h.sent(chatId).at(-1)?.payload.reply_markup?.inline_keyboard?.[0]?.[0] as { text: string; url?: string } | undefined;

describe("/dashboard", () => {
  for (const role of ROLES) {
    it(`gives the ${role} a one-time link button, said to work once and for 10 minutes`, async () => {
      const h = new BotHarness(db, { appUrl: APP_URL });
      const chat = await staffInChat(role);
      await h.text(chat, "/dashboard");
      expect(h.lastText(chat)).toContain("فقط یک بار و تا ۱۰ دقیقه");
      expect(linkButton(h, chat)?.url).toMatch(/^https:\/\/hamyar\.example\.ir\/dashboard\/open\?t=[A-Za-z0-9_-]{43}$/);
    });
  }

  it("is in every staff member's menu, and an unknown command to a citizen", async () => {
    const h = new BotHarness(db, { appUrl: APP_URL });
    const staff = await staffInChat("provincial");
    await h.text(staff, "/start");
    expect(h.replyKeyboard(staff).flat().map((b) => b.text)).toContain("🖥 داشبورد");
    const citizen = await staffInChat("citizen");
    await h.text(citizen, "/dashboard");
    expect(h.lastText(citizen)).toBe(UNKNOWN);
    await h.text(citizen, "/start");
    expect(h.replyKeyboard(citizen).flat().map((b) => b.text)).not.toContain("🖥 داشبورد");
  });

  it("gives a new link each time", async () => {
    const h = new BotHarness(db, { appUrl: APP_URL });
    const chat = await staffInChat("admin");
    await h.text(chat, "/dashboard");
    const first = linkButton(h, chat)?.url;
    await h.text(chat, "🖥 داشبورد");
    expect(linkButton(h, chat)?.url).not.toBe(first);
  });

  it("says the dashboard is not set up when the app has no public address", async () => {
    const h = new BotHarness(db);
    const chat = await staffInChat("admin");
    await h.text(chat, "/dashboard");
    expect(h.lastText(chat)).toContain("PUBLIC_URL");
    expect(Number(rowsOf(await db.execute(sql`select count(*) as n from dashboard_tokens`))[0].n)).toBe(0);
  });

  it("leaves the link neither in the reply queue once sent nor in any log line", async () => {
    const { logger, lines } = capturingLogger();
    const h = new BotHarness(db, { appUrl: APP_URL, logger });
    const app = await appWithWebhook(db, h, logger);
    const chat = await staffInChat("ministry");
    const update = h.messageUpdate(chat, { text: "/dashboard", entities: [{ type: "bot_command", offset: 0, length: 10 }] });
    const res = await app.inject({ method: "POST", url: "/webhook/telegram", payload: update as object, headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } });
    expect(res.statusCode).toBe(200);
    const token = /t=([A-Za-z0-9_-]{43})$/.exec(linkButton(h, chat)!.url!)![1];
    const queued = JSON.stringify(rowsOf(await db.execute(sql`select payload from chat_replies where chat_id = ${chat}`)));
    expect(queued).toContain("[secret removed after sending]");
    expect(queued).not.toContain(token);
    await app.inject({ url: `/dashboard/open?t=${token}` });
    expect(lines.join("\n")).not.toContain(token);
    await app.close();
  });
});
