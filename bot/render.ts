import type { InlineKeyboardMarkup, MessageEntity, ReplyKeyboardMarkup } from "grammy/types";
import type { Action, Result } from "../flows/engine.ts";
import type { Message } from "../flows/types.ts";
import type { BotContext } from "./context.ts";
import type { PlatformProfile } from "./platform.ts";

import { fitCaption, fitMessageText as fit } from "./message-text.ts";
import { makeLaterMessage, type LaterJobDeps } from "../flows/later-jobs.ts";
import { translator } from "./translator.ts";
import { LATER_MARK, SECRET_MARK, type QueuedCall } from "../messaging/reply-queue.ts";

function inlineMarkup(message: Message): InlineKeyboardMarkup | undefined {
  if (!message.inline) return undefined;
  return { inline_keyboard: message.inline.map((row) => row.map((b) => (b.url ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.data }))) };
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
 * spinner. The calls are queued and sent after the commit (ReplyCapture in messaging/unit-of-work.ts); the sender treats an
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
      await send(ctx, chatId, action.message, profile);
    } else if (action.type === "edit") {
      const pressed = ctx.callbackQuery?.message;
      if (pressed && (action.message.photo || action.message.document || action.message.later || pressed.photo)) {
        // A chart cannot be edited into a text (nor a picture replaced with the ids the queue holds): the
        // pressed message gives way to the new one, which stays last in the chat with its buttons.
        await ctx.api.deleteMessage(chatId, pressed.message_id);
        await send(ctx, chatId, action.message, profile);
      } else if (pressed) {
        const text = fit(action.message.text);
        await ctx.editMessageText(text, { reply_markup: inlineMarkup(action.message), ...codeEntities(text, action.message, profile) });
      } else {
        await send(ctx, chatId, { ...action.message, secret: false }, profile);
      }
    } else if (action.type === "answered" && ctx.callbackQuery?.message) {
      // Without reply_markup the edit drops the question's buttons too.
      await ctx.editMessageText(fit(action.text));
    } else if (action.type === "clear_buttons" && ctx.callbackQuery?.message) {
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } });
    }
  }
}

function send(ctx: BotContext, chatId: number, message: Message, profile: PlatformProfile) {
  // Later work is queued as what it is; the chat sender makes the message after the commit (flows/later.ts).
  const call: QueuedCall = message.later ? { method: "sendMessage", payload: { chat_id: chatId, [LATER_MARK]: message.later } } : messageCall(chatId, message, profile);
  const raw = ctx.api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>;
  return raw[call.method](call.payload);
}

/** The Bot API call that shows a flow's message as a new message in the chat. */
export function messageCall(chatId: number, message: Message, profile: PlatformProfile): QueuedCall {
  const markup = { reply_markup: replyMarkup(message, profile) };
  if (message.photo) return { method: "sendPhoto", payload: { chat_id: chatId, photo: message.photo, caption: fitCaption(message.text), ...markup } };
  if (message.document) return { method: "sendDocument", payload: { chat_id: chatId, document: message.document, caption: fitCaption(message.text), ...markup } };
  const text = fit(message.text);
  return { method: "sendMessage", payload: { chat_id: chatId, text, ...markup, ...codeEntities(text, message, profile), ...(message.secret ? { [SECRET_MARK]: true } : {}) } };
}

/**
 * `code` entities over the message's copyable parts, so a tap copies a tracking code whole. Entities
 * instead of parse_mode HTML: the rest of the text (what citizens typed) then needs no escaping.
 * Offsets are in UTF-16 code units, as the Bot API counts them and as JavaScript indexes strings.
 */
function codeEntities(text: string, message: Message, profile: PlatformProfile): { entities?: MessageEntity[] } {
  if (!profile.codeEntities || !message.copyable?.length) return {};
  const entities: MessageEntity[] = [];
  for (const part of message.copyable) {
    for (let at = text.indexOf(part); part && at >= 0; at = text.indexOf(part, at + part.length)) entities.push({ type: "code", offset: at, length: part.length });
  }
  entities.sort((a, b) => a.offset - b.offset);
  return entities.length ? { entities } : {};
}

/** The chat sender's `makeLater`: a step's later work (flows/later.ts) made into the call that sends its message. */
export function laterCalls(deps: Omit<LaterJobDeps, "translate">, profile: PlatformProfile): (chatId: number, work: unknown) => Promise<QueuedCall> {
  const make = makeLaterMessage({ ...deps, translate: translator });
  return async (chatId, work) => messageCall(chatId, await make(work), profile);
}

/** Applies a flow engine result: the new session is saved by the unit of work, the actions are sent now. */
export async function applyResult(ctx: BotContext, result: Result | Promise<Result>, profile: PlatformProfile): Promise<void> {
  const r = await result;
  ctx.session = r.session;
  await perform(ctx, r.actions, profile);
}
