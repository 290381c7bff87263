import type { InlineKeyboardMarkup } from "grammy/types";
import type { Translate } from "../flows/types.ts";

// The issuer's progress message of a delivery: one message edited in place while it runs, totals at the end.

const BAR = 10;

export interface ProgressFigures {
  id: number;
  kind: string;
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

export function progressKeyboard(t: Translate, deliveryId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t("delivery-cancel"), callback_data: `dlv:cancel:${deliveryId}` }]] };
}
