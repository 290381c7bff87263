import { randomUUID } from "node:crypto";
import { Bot, type Api, type Middleware } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import { CatalogCache } from "../core/catalog.ts";
import type { Db } from "../db/client.ts";
import type { Senders } from "../messaging/create-senders.ts";
import { unitOfWork } from "../messaging/unit-of-work.ts";
import type { BotContext } from "./context.ts";
import { keepAliveFetch } from "./keep-alive-fetch.ts";
import { floodLimit, privateOnly, userEnvironment } from "./middleware.ts";
import { platformProfiles, type PlatformProfile } from "./platform.ts";
import type { Platform } from "../config.ts";

export interface CreateBotOptions {
  token: string;
  platform: Platform;
  apiRoot: string;
  db: Db;
  logger: Logger;
  mode: "polling" | "webhook";
  flood: { limit: number; windowSeconds: number };
  /** The bot's features (grammY composers the composition root lists), installed after the shared middleware, in this order. */
  features: readonly Middleware<BotContext>[];
  /**
   * Builds the bot's senders (messaging/create-senders.ts) over its API, so the transformers a caller later
   * installs on bot.api (tests, local mode) apply to every send; `instanceId` is the one its chat leases use.
   */
  senders: (bot: { api: Api; instanceId: string; profile: PlatformProfile }) => Senders;
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
  /** Where the app's pages are reached, for the dashboard link (config.ts appBaseUrl); absent: /dashboard says it is not set up. */
  appUrl?: string;
}

export interface BuiltBot extends Senders {
  bot: Bot<BotContext>;
  profile: PlatformProfile;
}

/**
 * Builds the grammY bot: exactly-once unit of work, private-only, user, flood limit, then the features it
 * is given. Its replies leave through the chat sender of `senders`, after each update's commit.
 */
export function createBot(o: CreateBotOptions): BuiltBot {
  const profile = platformProfiles[o.platform];
  const webhookReplies = o.mode === "webhook" && profile.webhookReplies && (o.webhookReplies ?? true);
  const bot = new Bot<BotContext>(o.token, {
    botInfo: o.botInfo,
    client: { apiRoot: o.apiRoot, fetch: keepAliveFetch, canUseWebhookReply: (method) => webhookReplies && method === "answerCallbackQuery" },
  });
  const instanceId = o.instanceId ?? `instance-${randomUUID()}`;
  const senders = o.senders({ api: bot.api, instanceId, profile });

  bot.use(
    unitOfWork({ db: o.db, platform: o.platform, logger: o.logger, floodWindowSeconds: o.flood.windowSeconds, instanceId, sender: senders.sender, webhookReplies, retryTransient: o.mode === "polling" }),
  );
  bot.use(privateOnly);
  const adminIds = new Set((o.adminIds ?? []).map(Number));
  bot.use(userEnvironment(o.platform, o.catalogCache ?? new CatalogCache(), o.holidays ?? new Set(), adminIds, o.appUrl));
  bot.use(floodLimit(o.flood.limit));
  for (const feature of o.features) bot.use(feature);
  return { bot, profile, ...senders };
}
