import type { ProgressMessage } from "../../core/deliveries.ts";
import { deliverySubject, progressKeyboard, progressText } from "../delivery-text.ts";
import type { Draft, FlowEnv, Input, Message, Outcome } from "../types.ts";

// A bulk send (directive, announcement, consultation) is one message in the issuer's chat: the preview
// whose «send» was pressed is edited into the sending state with its cancel button, and the delivery sender
// edits it on to the totals. Two messages — a progress above a «being sent… cancel» line — read as a
// contradiction once a small send has finished before its confirmation arrived.

export interface IssuerProgress {
  kind: "directive" | "announcement" | "consultation";
  /** What is sent: a directive's title, else its text (named in the progress message). */
  message: { title?: string; text?: string };
  /** How many it is for now, and how many of them blocked the bot. */
  counts: { total: number; blocked: number };
  /** Replaces the progress text of a scheduled announcement (cancellable until it goes). */
  text?: string;
}

/** The preview message the send was pressed under, when the platform said which it was. */
const pressedMessage = (input: Input): number | undefined => (input.type === "button" ? input.messageId : undefined);

/**
 * The issuer's progress message, queued with the delivery in the step's transaction: «۰ از ۱۲» with the
 * cancel button (its id is known only once the delivery exists), or the totals at once when nobody can get
 * it (everyone blocked the bot). It replaces the pressed preview; without one it is a message of its own.
 */
export function issuerProgress(env: FlowEnv, input: Input, p: IssuerProgress): ProgressMessage {
  const reachable = p.counts.total - p.counts.blocked > 0;
  const cancellable = reachable || p.text !== undefined;
  const chatId = env.user.platformUserId;
  const over = pressedMessage(input);
  return {
    platform: env.platform,
    chatId,
    call: (id) => {
      const figures = { id, kind: p.kind, subject: deliverySubject(p.message), state: reachable ? "running" : "done", total: p.counts.total, sent: 0, blocked: p.counts.blocked, failed: 0 };
      const payload = { chat_id: chatId, text: p.text ?? progressText(env.t, env.locale, figures), ...(cancellable ? { reply_markup: progressKeyboard(env.t, id) } : {}) };
      return over !== undefined ? { method: "editMessageText", payload: { ...payload, message_id: over } } : { method: "sendMessage", payload };
    },
  };
}

/**
 * The flow's end after a send: when a progress message took over the pressed preview, the engine leaves
 * it be (without one — nobody to send to yet — the preview just loses its buttons).
 */
export function sendFinished<D extends Draft>(input: Input, messages: Message[], progress: ProgressMessage | undefined): Outcome<D> {
  return { kind: "finish", messages, keepPressed: progress !== undefined && pressedMessage(input) !== undefined };
}
