import { formatJalaliDate, formatJalaliDateTime } from "../core/jalali.ts";
import { startOfJalaliDay, tehranJalaliDay } from "../core/jalali-calendar.ts";
import { cutAtWord } from "../core/persian.ts";
import type { Translate } from "./types.ts";

// What a delivery looks like in chat, written once for the sender (each recipient's copy, the issuer's
// progress message) and the flows (the preview, the lists): a directive's heading and due date around the
// issuer's words, and the progress message edited in place while it runs, with totals at the end.

const BAR = 10;

/**
 * A due date in words: «پایان روز ۲۰ آذر ۱۴۰۵» when it is a Tehran midnight (a date given without a time
 * means the end of that day, i.e. the next midnight), else the date and time.
 */
export function formatDue(t: Translate, locale: string, due: Date): string {
  const midnight = startOfJalaliDay(tehranJalaliDay(due)).getTime() === due.getTime();
  if (midnight) return t("due-end-of-day", { date: formatJalaliDate(new Date(due.getTime() - 1), locale) });
  return formatJalaliDateTime(due, locale);
}

export interface DirectiveWords {
  title: string;
  text: string;
  dueAt?: Date | string | null;
}

/** A directive (or its reminder) as its recipient reads it, in the recipient's language. */
export function directiveText(t: Translate, locale: string, d: DirectiveWords, reminder = false): string {
  const due = d.dueAt ? t("directive-due", { date: formatDue(t, locale, new Date(d.dueAt)) }) : "";
  return t(reminder ? "directive-reminder-text" : "directive-text", { title: d.title, body: d.text, due }).trim();
}

const SUBJECT_MAX = 40;

/**
 * What the issuer calls a delivery in its progress message: a directive's title, else the first line of
 * the text, cut at a word. The progress message replaces the preview, so it still says which one it is.
 */
export function deliverySubject(message: { title?: string | null; text?: string | null }): string {
  const whole = message.title || message.text || "";
  return cutAtWord(whole.split("\n").find((line) => line.trim()) ?? "", SUBJECT_MAX) || "—";
}

export interface ProgressFigures {
  id: number;
  kind: string;
  /** deliverySubject() of its message. */
  subject: string;
  state: string;
  total: number;
  sent: number;
  blocked: number;
  failed: number;
}

/** «۱۲٬۰۰۰ از ۲۰٬۰۰۰ ▰▰▰▰▰▰▱▱▱▱ ۶۰٪» with the blocked and failed counts, or the totals when it has ended. */
export function progressText(t: Translate, locale: string, d: ProgressFigures): string {
  const done = d.sent + d.blocked + d.failed;
  const share = d.total === 0 ? 1 : done / d.total;
  const filled = Math.round(share * BAR);
  const n = (x: number) => new Intl.NumberFormat(locale === "fa" ? "fa-IR" : "en-US").format(x);
  const params = {
    kind: t(`delivery-kind-${d.kind}`),
    subject: d.subject,
    done: n(done),
    total: n(d.total),
    sent: n(d.sent),
    blocked: n(d.blocked),
    failed: n(d.failed),
    left: n(Math.max(0, d.total - done)),
    bar: "▰".repeat(filled) + "▱".repeat(BAR - filled),
    percent: n(Math.floor(share * 100)),
  };
  if (d.state === "cancelled") return t("delivery-progress-cancelled", params);
  if (d.state === "done") return t("delivery-progress-done", params);
  return t("delivery-progress-running", params);
}

/** The cancel button under a progress message (handlers/bot/deliveries.ts answers it). */
export function progressKeyboard(t: Translate, deliveryId: number): { inline_keyboard: { text: string; callback_data: string }[][] } {
  return { inline_keyboard: [[{ text: t("delivery-cancel"), callback_data: `dlv:cancel:${deliveryId}` }]] };
}
