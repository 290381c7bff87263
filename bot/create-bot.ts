import { randomUUID } from "node:crypto";
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import { CatalogCache } from "../core/catalog.ts";
import type { Db } from "../db/client.ts";
import { commandsComposer } from "../handlers/bot/commands.ts";
import { deliveriesComposer } from "../handlers/bot/deliveries.ts";
import { flowInputComposer } from "../handlers/bot/flow-input.ts";
import { joinComposer } from "../handlers/bot/join.ts";
import { notificationsComposer } from "../handlers/bot/notifications.ts";
import { otherUpdatesComposer } from "../handlers/bot/other-updates.ts";
import type { BotContext } from "./context.ts";
import { keepAliveFetch } from "./keep-alive-fetch.ts";
import { floodLimit } from "./middleware/flood-limit.ts";
import { userEnvironment } from "./middleware/user-environment.ts";
import { privateOnly } from "./middleware/private-only.ts";
import { unitOfWork } from "./middleware/unit-of-work.ts";
import { platformProfiles, type PlatformProfile } from "./platform.ts";
import type { Platform } from "../config.ts";
import { createChatSender, type ChatSender } from "../workers/chat-sender.ts";
import { createDeliverySender, type DeliverySender } from "../workers/delivery-sender.ts";
import { createSendGate, type SendGate } from "../workers/send-gate.ts";

export interface CreateBotOptions {
  token: string;
  platform: Platform;
  apiRoot: string;
  db: Db;
  logger: Logger;
  mode: "polling" | "webhook";
  flood: { limit: number; windowSeconds: number };
  /** Reference-data cache shared by everything in the process (a new one when absent). */
  catalogCache?: CatalogCache;
  /** Official holidays for response deadlines (config.holidays). */
  holidays?: ReadonlySet<string>;
  /** Given in tests and local mode so no getMe call is needed. */
  botInfo?: UserFromGetMe;
  /** Names this instance in chat leases (config.instanceId); a random one when absent. */
  instanceId?: string;
  /** Answer a button press inside the webhook's answer where the platform allows it (default true; see README). */
  webhookReplies?: boolean;
  /** Platform user ids of admins (ADMIN_IDS). */
  adminIds?: readonly (number | string)[];
  /** Backoff cap of the chat sender's retries (tests shorten it). */
  maxSendBackoffMs?: number;
  /** The bot's sending pace, shared by all instances (config.sending); Telegram's usual limits when absent. */
  sending?: { perSecond: number; perChatPerSecond: number; paidBroadcast: boolean };
  /** Where the app's pages are reached, for the dashboard link (config.ts appBaseUrl); absent: /dashboard says it is not set up. */
  appUrl?: string;
}

export interface BuiltBot {
  bot: Bot<BotContext>;
  profile: PlatformProfile;
  /** Sends every chat message of this bot after its commit; the composition root starts its sweep. */
  sender: ChatSender;
  /** Sends directives, announcements and reminders to their recipients; the composition root starts it. */
  deliveries: DeliverySender;
  /** The bot's send budget, shared by both senders. */
  gate: SendGate;
}

/**
 * Builds the grammY bot and its chat sender: exactly-once unit of work, private-only, user, flood limit,
 * then the features. Replies leave through the sender only, which retries on its own (no auto-retry on
 * the update path: nothing there waits for the platform).
 */
export function createBot(o: CreateBotOptions): BuiltBot {
  const profile = platformProfiles[o.platform];
  const webhookReplies = o.mode === "webhook" && profile.webhookReplies && (o.webhookReplies ?? true);
  const bot = new Bot<BotContext>(o.token, {
    botInfo: o.botInfo,
    client: { apiRoot: o.apiRoot, fetch: keepAliveFetch, canUseWebhookReply: (method) => webhookReplies && method === "answerCallbackQuery" },
  });
  const instanceId = o.instanceId ?? `instance-${randomUUID()}`;
  const sending = o.sending ?? { perSecond: 25, perChatPerSecond: 1, paidBroadcast: false };
  const gate = createSendGate({ db: o.db, bot: o.platform, perSecond: sending.perSecond, perChatPerSecond: sending.perChatPerSecond, logger: o.logger });
  const sender = createChatSender({ db: o.db, api: bot.api, platform: o.platform, instanceId, logger: o.logger, maxBackoffMs: o.maxSendBackoffMs, gate });
  const deliveries = createDeliverySender({
    db: o.db,
    api: bot.api,
    platform: o.platform,
    instanceId,
    gate,
    logger: o.logger,
    paidBroadcast: sending.paidBroadcast && profile.paidBroadcast,
    // A progress edit for an issuer on this bot goes out now; one on another platform waits for its sweep.
    onProgressQueued: (platform, chatId) => platform === o.platform && sender.kick(chatId),
  });

  bot.use(
    unitOfWork({ db: o.db, platform: o.platform, logger: o.logger, floodWindowSeconds: o.flood.windowSeconds, instanceId, sender, webhookReplies, retryTransient: o.mode === "polling" }),
  );
  bot.use(privateOnly);
  const adminIds = new Set((o.adminIds ?? []).map(Number));
  bot.use(userEnvironment(o.platform, o.catalogCache ?? new CatalogCache(), o.holidays ?? new Set(), adminIds, o.appUrl));
  bot.use(floodLimit(o.flood.limit));
  bot.use(otherUpdatesComposer(o.platform));
  bot.use(joinComposer(adminIds));
  bot.use(commandsComposer(profile));
  bot.use(notificationsComposer(profile));
  bot.use(deliveriesComposer(profile));
  bot.use(flowInputComposer(profile));
  return { bot, profile, sender, deliveries, gate };
}
