import type { MiddlewareFn } from "grammy";
import { upsertUser } from "../../core/users.ts";
import type { BotContext } from "../context.ts";
import { translator } from "../translator.ts";

/** Loads (or creates) the user behind the update and builds the plain environment flows receive. */
export function loadUser(platform: string): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!ctx.from || ctx.from.is_bot) return;
    ctx.user = await upsertUser(ctx.tx, {
      platform,
      platformUserId: ctx.from.id,
      firstName: ctx.from.first_name,
      username: ctx.from.username,
      languageCode: ctx.from.language_code,
    });
    const locale = ctx.user.language === "en" ? "en" : "fa";
    ctx.env = { db: ctx.tx, user: ctx.user, platform, locale, t: translator(locale) };
    await next();
  };
}
