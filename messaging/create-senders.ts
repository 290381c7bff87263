import type { Api } from "grammy";
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { createSendGate, type SendGate } from "./send-gate.ts";
import { createChatSender, type ChatSender } from "./chat-sender.ts";
import type { QueuedCall } from "./reply-queue.ts";
import { createDeliverySender, type DeliverySender } from "./delivery-sender.ts";

/** Telegram's usual limits, when config.sending is not given (tests). */
const DEFAULT_SENDING = { perSecond: 25, perChatPerSecond: 1, paidBroadcast: false };

export interface SendersOptions {
  db: Db;
  /** The bot's API (bot.api), so its transformers (tests, local mode) apply to every send. */
  api: Api;
  platform: string;
  /** Names this instance in chat leases: the same id the unit of work claims chats with. */
  instanceId: string;
  logger: Logger;
  /** The bot's sending pace, shared by all instances (config.sending); Telegram's usual limits when absent. */
  sending?: { perSecond: number; perChatPerSecond: number; paidBroadcast: boolean };
  /** The platform offers paid broadcasts (PlatformProfile.paidBroadcast); used only when `sending` asks for them. */
  platformPaidBroadcast?: boolean;
  /** Backoff cap of the chat sender's retries (tests shorten it). */
  maxSendBackoffMs?: number;
  /** Makes a message queued as later work into its call, just before it is sent (flows/later.ts). */
  makeLater?: (chatId: number, work: unknown) => Promise<QueuedCall>;
}

/** Everything that sends for one bot; the composition root starts and stops them. */
export interface Senders {
  /** Sends every chat message of this bot after its commit; the composition root starts its sweep. */
  sender: ChatSender;
  /** Sends directives, announcements and reminders to their recipients; the composition root starts it. */
  deliveries: DeliverySender;
  /** The bot's send budget, shared by both senders. */
  gate: SendGate;
}

/**
 * Builds one bot's send gate and its two senders over the bot's API. Replies leave through the chat sender
 * only, which retries on its own (no auto-retry on the update path: nothing there waits for the platform).
 */
export function createSenders(o: SendersOptions): Senders {
  const sending = o.sending ?? DEFAULT_SENDING;
  const gate = createSendGate({ db: o.db, bot: o.platform, perSecond: sending.perSecond, perChatPerSecond: sending.perChatPerSecond, logger: o.logger });
  const sender = createChatSender({ db: o.db, api: o.api, platform: o.platform, instanceId: o.instanceId, logger: o.logger, maxBackoffMs: o.maxSendBackoffMs, gate, makeLater: o.makeLater });
  const deliveries = createDeliverySender({
    db: o.db,
    api: o.api,
    platform: o.platform,
    instanceId: o.instanceId,
    gate,
    logger: o.logger,
    paidBroadcast: sending.paidBroadcast && (o.platformPaidBroadcast ?? false),
    // A progress edit for an issuer on this bot goes out now; one on another platform waits for its sweep.
    onProgressQueued: (platform, chatId) => platform === o.platform && sender.kick(chatId),
  });
  return { sender, deliveries, gate };
}
