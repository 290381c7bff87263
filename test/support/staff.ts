import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { createInvite, type InviteRegion } from "../../core/invites.ts";
import type { Db } from "../../db/client.ts";
import { appWithWebhook, WEBHOOK_SECRET } from "./app.ts";
import { BotHarness } from "./bot-harness.ts";

// Staff in chat: an admin (ADMIN_IDS) invites through the bot, the invited person joins with the code.

/** The invite code in the admin's "code created" message (12 letters and digits on a line of its own, isolated left to right). */
export function inviteCodeIn(text: string): string {
  const match = /^\u2066([A-Z2-9]{12})\u2069$/m.exec(text);
  expect(match, `no invite code in: ${text}`).not.toBeNull();
  return match![1];
}

/** The admin creates an invite for `roleLabel`, tapping through `places` (province, county or agency labels). */
export async function inviteInChat(h: BotHarness, adminId: number, roleLabel: string, places: string[]): Promise<string> {
  await h.text(adminId, "🎟 دعوت همکار");
  await h.tap(adminId, roleLabel);
  for (const place of places) await h.tap(adminId, new RegExp(`^${place}$`));
  return inviteCodeIn(h.lastText(adminId));
}

/** Invites and joins: the person at `userId` holds the role afterwards. */
export async function joinAs(h: BotHarness, adminId: number, userId: number, roleLabel: string, places: string[]): Promise<void> {
  const code = await inviteInChat(h, adminId, roleLabel, places);
  await h.text(userId, `/join ${code}`);
  expect(h.lastText(userId)).toContain("خوش آمدید");
}

/** Makes the person staff without the admin's chat: an invite created by the operator, redeemed with /join. */
export async function joinWithInvite(h: BotHarness, db: Db, userId: number, region: InviteRegion): Promise<void> {
  const invite = await createInvite(db, { kind: "system" }, region);
  await h.text(userId, `/join ${invite.code}`);
  expect(h.lastText(userId)).toContain("خوش آمدید");
}

/** A harness whose every update goes through the HTTP webhook, as the platform would send it; `adminIds` are ADMIN_IDS. */
export async function staffChat(db: Db, adminIds: number[]): Promise<{ h: BotHarness; app: FastifyInstance }> {
  const h = new BotHarness(db, { adminIds });
  const app = await appWithWebhook(db, h);
  h.send = async (update) => {
    const res = await app.inject({ method: "POST", url: "/webhook/telegram", payload: update as object, headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } });
    expect(res.statusCode).toBe(200);
    await h.settled();
  };
  return { h, app };
}

/** The assistant logs an activity of today from the menu: kind label, participants, one member's label or none, description. */
export async function logActivityInChat(h: BotHarness, userId: number, kind: string, participants: string, member: string | null, description: string): Promise<void> {
  await h.text(userId, "➕ ثبت فعالیت");
  await h.tap(userId, kind);
  await h.tap(userId, "امروز");
  await h.text(userId, participants);
  if (member) {
    await h.tap(userId, member);
    await h.tap(userId, "تمام");
  } else await h.tap(userId, "هیچ‌کدام"); // members
  await h.tap(userId, "هیچ‌کدام"); // agencies
  await h.text(userId, description);
  await h.tap(userId, "فعلاً نه"); // outcome
  await h.tap(userId, "بدون پیوست"); // photos
  await h.tap(userId, "ثبت فعالیت");
  expect(h.lastText(userId)).toContain("ثبت شد");
}

/** The assistant writes the obstacles of a month's report (its label, e.g. «آذر ۱۴۰۵») and sends it to the province. */
export async function submitMonthlyInChat(h: BotHarness, userId: number, month: string, obstacles: string): Promise<void> {
  await h.text(userId, "📊 گزارش ماهانه");
  await h.tap(userId, month);
  await h.tap(userId, "✏️ موانع");
  await h.text(userId, obstacles);
  await h.tap(userId, "ارسال برای نماینده استان");
  await h.tap(userId, "بله، ارسال شود");
  expect(h.lastText(userId)).toContain("فرستاده شد");
}
