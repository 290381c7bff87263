import { expect } from "vitest";
import { createInvite, type InviteRegion } from "../../core/invites.ts";
import type { Db } from "../../db/client.ts";
import type { BotHarness } from "./bot-harness.ts";

// Staff in chat: an admin (ADMIN_IDS) invites through the bot, the invited person joins with the code.

/** The invite code in the admin's "code created" message (12 letters and digits on a line of its own). */
export function inviteCodeIn(text: string): string {
  const match = /^([A-Z2-9]{12})$/m.exec(text);
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
