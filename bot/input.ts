import type { Message as TgMessage } from "grammy/types";
import { normalizeSharedPhone } from "../core/identity.ts";
import { normalizePersian } from "../core/persian.ts";
import type { Input } from "../flows/types.ts";
import type { BotContext } from "./context.ts";

/** Turns a platform message or button press into the plain Input a flow step reads; text is Persian-normalised. */
export function readInput(ctx: BotContext): Input | null {
  if (ctx.callbackQuery) {
    const messageId = ctx.callbackQuery.message?.message_id;
    return { type: "button", data: ctx.callbackQuery.data ?? "", ...(messageId !== undefined ? { messageId } : {}) };
  }
  const m = ctx.message;
  if (!m) return null;
  return readMessage(m, ctx.from?.id);
}

function readMessage(m: TgMessage, senderId: number | undefined): Input {
  if (m.text !== undefined) return { type: "text", text: normalizePersian(m.text) };
  const caption = m.caption ? { caption: normalizePersian(m.caption) } : {};
  if (m.contact) {
    return { type: "contact", phone: normalizeSharedPhone(m.contact.phone_number), isOwn: m.contact.user_id !== undefined && m.contact.user_id === senderId };
  }
  if (m.location) return { type: "location", latitude: m.location.latitude, longitude: m.location.longitude };
  if (m.photo && m.photo.length > 0) {
    const largest = m.photo[m.photo.length - 1];
    return {
      type: "file",
      file: { kind: "photo", fileId: largest.file_id, fileUniqueId: largest.file_unique_id, fileSize: largest.file_size, width: largest.width, height: largest.height, mimeType: "image/jpeg" },
      ...caption,
    };
  }
  if (m.document) {
    const d = m.document;
    return { type: "file", file: { kind: "document", fileId: d.file_id, fileUniqueId: d.file_unique_id, fileSize: d.file_size, mimeType: d.mime_type, fileName: d.file_name }, ...caption };
  }
  if (m.voice) {
    const v = m.voice;
    return { type: "file", file: { kind: "voice", fileId: v.file_id, fileUniqueId: v.file_unique_id, fileSize: v.file_size, mimeType: v.mime_type, duration: v.duration } };
  }
  const what = m.sticker ? "sticker" : m.video ? "video" : m.animation ? "animation" : m.audio ? "audio" : m.video_note ? "video_note" : m.poll ? "poll" : "other";
  return { type: "unsupported", what };
}
