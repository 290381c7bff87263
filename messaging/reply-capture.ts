import type { Transformer } from "grammy";
import type { QueuedCall } from "./reply-queue.ts";

// Commit first, then speak: while an update's transaction is open, the Bot API calls its handlers make
// through ctx.api are not sent. They are captured here as data, written to the chat's reply queue in the
// same transaction, and sent by the chat sender after the commit. A rollback therefore leaves no message
// behind, and no database connection or row lock waits for the platform.

/** Calls queued in the chat's reply queue, sent in order after the commit. */
const QUEUED = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendVoice",
  "sendLocation",
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
  "deleteMessage",
  // The command list of one chat (scope chat), changed when its user becomes staff or stops being staff.
  "setMyCommands",
  "deleteMyCommands",
]);

/** Calls that only matter now (a button press's answer, "typing…"): sent after the commit, never stored or retried. */
const EPHEMERAL = new Set(["answerCallbackQuery", "sendChatAction"]);

export class ReplyCapture {
  /** Calls for the chat's reply queue, in the order the handlers made them. */
  readonly queued: QueuedCall[] = [];
  /** Calls sent once after the commit, unordered. */
  readonly ephemeral: QueuedCall[] = [];
  /** Set once the transaction has ended: calls then go to the platform (or the webhook's answer). */
  private ended = false;

  /** Lets calls through from now on: the update's transaction has committed. */
  end(): void {
    this.ended = true;
  }

  /**
   * The transformer installed on the update's ctx.api. A sent message's result carries a placeholder id,
   * -(seq + 1); a later call of the same update that uses it (editing a prompt sent in this step) is
   * resolved to the real id when it is sent.
   */
  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    if (this.ended) return prev(method, payload, signal);
    const params = { ...((payload ?? {}) as Record<string, unknown>) };
    if (EPHEMERAL.has(method)) {
      this.ephemeral.push({ method, payload: params });
      return { ok: true, result: true } as never;
    }
    if (!QUEUED.has(method)) {
      throw new Error(`Bot API method ${method} was called inside an update's transaction; call it from a worker after the commit`);
    }
    const seq = this.queued.length;
    this.queued.push({ method, payload: params });
    return { ok: true, result: placeholderResult(method, params, seq) } as never;
  };
}

function placeholderResult(method: string, params: Record<string, unknown>, seq: number): unknown {
  if (method === "deleteMessage" || method === "editMessageReplyMarkup") return true;
  const chat = { id: params.chat_id, type: "private" };
  const messageId = method.startsWith("edit") ? params.message_id : -(seq + 1);
  return { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, ...(typeof params.text === "string" ? { text: params.text } : {}) };
}

/** The seq of the call a placeholder message id refers to, or null for a real id. */
export function placeholderSeq(messageId: unknown): number | null {
  return typeof messageId === "number" && messageId < 0 ? -messageId - 1 : null;
}
