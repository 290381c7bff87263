import { GrammyError } from "grammy";
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from "grammy/types";
import type { Action } from "../flows/engine.ts";
import type { Message } from "../flows/types.ts";
import type { BotContext } from "./context.ts";
import type { PlatformProfile } from "./platform.ts";

// Telegram refuses messages over 4096 characters; a long description must not make the reply fail.
const MAX_TEXT = 4096;
// Cut between whole characters: half an emoji (a lone surrogate) makes the Bot API refuse the message.
const fit = (text: string) => (text.length > MAX_TEXT ? `${Array.from(text.slice(0, MAX_TEXT - 1)).slice(0, -1).join("")}…` : text);

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

// Editing to identical content, or a message too old to edit, is not worth failing the update for.
const harmlessEditError = (err: unknown) => err instanceof GrammyError && err.error_code === 400;

/** Performs what a flow asked for, in order; a button press is always answered so the client stops its spinner. */
export async function perform(ctx: BotContext, actions: Action[], profile: PlatformProfile): Promise<void> {
  const chatId = ctx.chat!.id;
  const toasts = actions.filter((a) => a.type === "toast");
  if (ctx.callbackQuery) {
    const text = toasts.map((a) => (a.type === "toast" ? a.text : "")).filter(Boolean).join("\n");
    await ctx.answerCallbackQuery(text ? { text } : undefined).catch(() => {});
  }
  for (const action of actions) {
    if (action.type === "send") {
      await ctx.api.sendMessage(chatId, fit(action.message.text), { reply_markup: replyMarkup(action.message, profile) });
    } else if (action.type === "edit") {
      if (ctx.callbackQuery?.message) {
        await ctx.editMessageText(fit(action.message.text), { reply_markup: inlineMarkup(action.message) }).catch((err) => {
          if (!harmlessEditError(err)) throw err;
        });
      } else {
        await ctx.api.sendMessage(chatId, fit(action.message.text), { reply_markup: replyMarkup(action.message, profile) });
      }
    } else if (action.type === "clear_buttons" && ctx.callbackQuery?.message) {
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch((err) => {
        if (!harmlessEditError(err)) throw err;
      });
    }
  }
}
