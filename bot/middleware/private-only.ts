import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";
import { translator } from "../translator.ts";

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
