import type { Middleware } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { platformProfiles } from "../../bot/platform.ts";
import type { Platform } from "../../config.ts";
import { commandsComposer } from "./commands.ts";
import { deliveriesComposer } from "./deliveries.ts";
import { flowInputComposer } from "./flow-input.ts";
import { joinComposer } from "./join.ts";
import { notificationsComposer } from "./notifications.ts";
import { otherUpdatesComposer } from "./other-updates.ts";

/**
 * The bot's features, in the order createBot installs them after its shared middleware: the flow input
 * comes last, as it takes everything else a person sends.
 */
export function botFeatures(o: { platform: Platform; adminIds?: readonly (number | string)[] }): Middleware<BotContext>[] {
  const profile = platformProfiles[o.platform];
  const adminIds = new Set((o.adminIds ?? []).map(Number));
  return [
    otherUpdatesComposer(o.platform),
    joinComposer(adminIds),
    commandsComposer(profile),
    notificationsComposer(profile),
    deliveriesComposer(profile),
    flowInputComposer(profile),
  ];
}
