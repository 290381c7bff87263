import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

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
