import { and, asc, eq } from "drizzle-orm";
import pino from "pino";
import { expect } from "vitest";
import { createBot, type BuiltBot } from "../../bot/create-bot.ts";
import type { Emulator } from "../../bot/emulator/emulator.ts";
import { emulatorTransformer } from "../../bot/emulator/transformer.ts";
import type { Db } from "../../db/client.ts";
import { chatReplies } from "../../db/schema.ts";
import { botWiring } from "./bot-wiring.ts";

// A real bot wired to an in-process emulator (like local mode), for the delivery tests that need several
// bots, platforms or instances on one database.

export function emulatedBot(
  db: Db,
  emu: Emulator,
  o: { instanceId: string; platform?: "telegram" | "bale"; maxSendBackoffMs?: number; sending?: { perSecond: number; perChatPerSecond: number; paidBroadcast: boolean }; adminIds?: number[] },
): BuiltBot {
  const logger = pino({ level: "silent" });
  const built = createBot({
    token: emu.token,
    platform: o.platform ?? "telegram",
    apiRoot: "http://emulator.invalid",
    db,
    logger,
    mode: "webhook",
    flood: { limit: 100_000, windowSeconds: 10 },
    botInfo: emu.botInfo,
    instanceId: o.instanceId,
    adminIds: o.adminIds,
    ...botWiring({ db, logger, platform: o.platform ?? "telegram", adminIds: o.adminIds, sending: o.sending, maxSendBackoffMs: o.maxSendBackoffMs }),
  });
  built.bot.api.config.use(emulatorTransformer(emu));
  return built;
}

/** Waits until no chat message of the platform is pending, or fails after `ms`. */
export async function allSent(db: Db, platform: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const pending = await db.select({ id: chatReplies.id }).from(chatReplies).where(and(eq(chatReplies.platform, platform), eq(chatReplies.state, "pending"))).limit(1);
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error("chat messages still pending");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Checks one chat end to end: its queue rows follow the order of the updates that queued them, every row
 * was sent, and the chat shows exactly those messages in that order — none twice, none missing.
 */
export async function expectDeliveredInOrder(db: Db, emu: Emulator, platform: string, chatId: number): Promise<void> {
  const rows = await db.select().from(chatReplies).where(and(eq(chatReplies.platform, platform), eq(chatReplies.chatId, chatId))).orderBy(asc(chatReplies.id));
  expect(rows.length, `chat ${chatId} has no replies`).toBeGreaterThan(0);
  expect(rows.map((r) => r.state)).toEqual(rows.map(() => "sent"));
  const updateIds = rows.filter((r) => r.batch.startsWith("u:")).map((r) => Number(r.batch.split(":")[1]));
  expect(updateIds).toEqual([...updateIds].sort((a, b) => a - b));
  const sends = rows.filter((r) => r.method === "sendMessage");
  const shown = emu.messages(chatId).filter((m) => m.from === "bot");
  expect(shown.map((m) => m.message_id)).toEqual(sends.map((r) => r.messageId));
  expect(shown.map((m) => m.text)).toEqual(sends.map((r) => r.payload.text));
}
