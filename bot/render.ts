import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from "grammy/types";
import type { Action } from "../flows/engine.ts";
import type { Message } from "../flows/types.ts";
import type { BotContext } from "./context.ts";
import type { PlatformProfile } from "./platform.ts";

import { fitMessageText as fit } from "./message-text.ts";
import { SECRET_MARK } from "../core/chat-replies.ts";

function inlineMarkup(message: Message): InlineKeyboardMarkup | undefined {
  if (!message.inline) return undefined;
  return { inline_keyboard: message.inline.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) };
}

function replyMarkup(message: Message, profile: PlatformProfile): ReplyKeyboardMarkup | InlineKeyboardMarkup | undefined {
  if (message.inline) return inlineMarkup(message);
  if (!message.reply) return undefined;
  return {
    keyboard: message.reply.map((row) =>
      row.map((b) => ({ text: b.text, ...(b.requestContact ? { request_contact: true } : {}), ...(b.requestLocation ? { request_location: true } : {}) })),
    ),
    resize_keyboard: true,
    ...(profile.persistentKeyboards ? { is_persistent: true } : {}),
  };
}

/**
 * Performs what a flow asked for, in order; a button press is always answered so the client stops its
 * spinner. The calls are queued and sent after the commit (bot/reply-capture.ts); the sender treats an
 * edit the platform refuses (identical content, a message too old) as harmless.
 */
export async function perform(ctx: BotContext, actions: Action[], profile: PlatformProfile): Promise<void> {
  const chatId = ctx.chat!.id;
  const toasts = actions.filter((a) => a.type === "toast");
  if (ctx.callbackQuery) {
    const text = toasts.map((a) => (a.type === "toast" ? a.text : "")).filter(Boolean).join("\n");
    await ctx.answerCallbackQuery(text ? { text } : undefined);
  }
  for (const action of actions) {
    if (action.type === "send") {
      await ctx.api.sendMessage(chatId, fit(action.message.text), { reply_markup: replyMarkup(action.message, profile), ...(action.message.secret ? { [SECRET_MARK]: true } : {}) });
    } else if (action.type === "edit") {
      if (ctx.callbackQuery?.message) {
        await ctx.editMessageText(fit(action.message.text), { reply_markup: inlineMarkup(action.message) });
      } else {
        await ctx.api.sendMessage(chatId, fit(action.message.text), { reply_markup: replyMarkup(action.message, profile) });
      }
    } else if (action.type === "clear_buttons" && ctx.callbackQuery?.message) {
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } });
    }
  }
}
