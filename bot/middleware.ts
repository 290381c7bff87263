import type { MiddlewareFn } from "grammy";
import type { CatalogCache } from "../core/catalog.ts";
import { userActor } from "../core/access.ts";
import type { BotContext } from "./context.ts";
import { translator } from "./translator.ts";

// The middleware every update passes after the unit of work (messaging/unit-of-work.ts) and before the
// features: private chats only, the user's plain environment, the per-chat flood limit.

/** Hamyar talks about personal matters: in a group it says so once (in both languages) and then stays quiet. */
export const privateOnly: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.chat || ctx.chat.type === "private") return next();
  // A button pressed in a group still gets an answer, or the client keeps spinning.
  if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: translator("fa")("private-only") }).catch(() => {}));
  if (ctx.chatRow && !ctx.chatRow.groupNoticeSent && ctx.message) {
    ctx.chatRow.groupNoticeSent = true;
    await ctx.reply(`${translator("fa")("private-only")}\n\n${translator("en")("private-only")}`);
  }
};

/** Builds the plain environment flows receive from the user the unit of work loaded; updates from bots stop here. */
export function userEnvironment(platform: string, catalogCache: CatalogCache, holidays: ReadonlySet<string>, adminIds: ReadonlySet<number>, appUrl?: string): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!ctx.from || ctx.from.is_bot || !ctx.user) return;
    const locale = ctx.user.language === "en" ? "en" : "fa";
    ctx.env = { db: ctx.tx, catalogCache, holidays, user: ctx.user, actor: userActor(ctx.user, adminIds), adminIds, platform, botUsername: ctx.me?.username, appUrl, locale, t: translator(locale) };
    await next();
  };
}

/**
 * Per-chat flood limit counted in the chat's database row (so it holds across instances):
 * past the limit, one polite message per window, then silence until the window passes.
 */
export function floodLimit(limit: number): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const row = ctx.chatRow;
    if (!row || row.floodCount <= limit) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.env.t("flood") }).catch(() => {});
    if (!row.floodWarned) {
      row.floodWarned = true;
      if (ctx.message) await ctx.reply(ctx.env.t("flood"));
    }
  };
}
