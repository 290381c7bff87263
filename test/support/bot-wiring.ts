import type { Logger } from "pino";
import type { CreateBotOptions } from "../../bot/create-bot.ts";
import type { Platform } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { botFeatures } from "../../handlers/bot/features.ts";
import { createSenders } from "../../messaging/create-senders.ts";
import { laterCalls } from "../../bot/render.ts";

/** The features and senders createBot (or createLocalChat) is given, wired as main.ts wires them. */
export function botWiring(o: {
  db: Db;
  logger: Logger;
  platform: Platform;
  adminIds?: readonly (number | string)[];
  sending?: { perSecond: number; perChatPerSecond: number; paidBroadcast: boolean };
  maxSendBackoffMs?: number;
  holidays?: ReadonlySet<string>;
}): Pick<CreateBotOptions, "features" | "senders"> {
  return {
    features: botFeatures({ platform: o.platform, adminIds: o.adminIds }),
    senders: ({ api, instanceId, profile }) =>
      createSenders({ db: o.db, api, platform: o.platform, instanceId, logger: o.logger, sending: o.sending, platformPaidBroadcast: profile.paidBroadcast,
        maxSendBackoffMs: o.maxSendBackoffMs,
        makeLater: laterCalls({ db: o.db, holidays: o.holidays }, profile),
      }),
  };
}
