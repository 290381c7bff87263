import type { MiddlewareFn } from "grammy";
import type { CatalogCache } from "../../core/catalog.ts";
import { userActor } from "../../core/access.ts";
import type { BotContext } from "../context.ts";
import { translator } from "../translator.ts";

/** Builds the plain environment flows receive from the user the unit of work loaded; updates from bots stop here. */
export function userEnvironment(platform: string, catalogCache: CatalogCache, holidays: ReadonlySet<string>, adminIds: ReadonlySet<number>, appUrl?: string): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!ctx.from || ctx.from.is_bot || !ctx.user) return;
    const locale = ctx.user.language === "en" ? "en" : "fa";
    ctx.env = { db: ctx.tx, catalogCache, holidays, user: ctx.user, actor: userActor(ctx.user, adminIds), adminIds, platform, botUsername: ctx.me?.username, appUrl, locale, t: translator(locale) };
    await next();
  };
}
