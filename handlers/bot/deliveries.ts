import { Composer } from "grammy";
import { applyResult } from "../../bot/render.ts";
import type { BotContext } from "../../bot/context.ts";
import { cancelDeliveryAs, setAnnouncements } from "../../core/broadcasts.ts";
import { acknowledgeDirective } from "../../core/directives.ts";
import { answerConsultation } from "../../core/consultations.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import { closeFlow, startFlow } from "../../flows/engine.ts";
import { flows } from "../../flows/registry.ts";
import { deliveryCounts } from "../../core/deliveries.ts";
import { deliverySubject, progressText } from "../../flows/delivery-text.ts";
import { menuFor } from "../../flows/keyboards.ts";

// Buttons under messages that went to many chats: "acknowledge receipt" under a directive, "stop
// announcements" under an announcement, "cancel" under the issuer's progress message. They are pressed
// outside any conversation, so they carry no state version; each checks the presser every time.

export function deliveriesComposer(profile: PlatformProfile): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.chatType("private");
  const toast = (ctx: BotContext, key: string, alert = false) => ctx.answerCallbackQuery({ text: ctx.env.t(key), show_alert: alert }).catch(() => {});

  pm.callbackQuery(/^dir:ack:(\d{1,18})$/, async (ctx) => {
    const result = await acknowledgeDirective(ctx.tx, ctx.user.id, Number(ctx.match[1]));
    if (!result.ok) return void (await toast(ctx, "directive-not-yours"));
    if (!result.first) return void (await toast(ctx, "directive-already-acknowledged"));
    await toast(ctx, "directive-acknowledged");
    // The button has done its job: the message keeps its text and shows it was acknowledged.
    const message = ctx.callbackQuery.message;
    if (message) await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [[{ text: ctx.env.t("directive-acknowledged-mark"), callback_data: "dir:done" }]] } }).catch(() => {});
  });

  pm.callbackQuery("dir:done", (ctx) => toast(ctx, "directive-already-acknowledged"));

  pm.callbackQuery("ann:off", async (ctx) => {
    await setAnnouncements(ctx.tx, ctx.user.id, false);
    ctx.user.announcementsOptIn = false;
    await toast(ctx, "announcements-stopped");
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => {});
    // The menu's switch shows the new state at once (a form keeps its own keyboard; the switch is in the menu).
    const inForm = ctx.session.flow !== null && !flows[ctx.session.flow]?.interruptible;
    if (!inForm) await ctx.reply(ctx.env.t("announcements-turned-off"), { reply_markup: { keyboard: menuFor(ctx.env, flows).map((r) => r.map((b) => ({ text: b.text }))), resize_keyboard: true } });
  });

  // A consultation's option (answered at once) or its free-text button (opens the answer form).
  pm.callbackQuery(/^cns:(\d{1,18}):(\d|t)$/, async (ctx) => {
    const deliveryId = Number(ctx.match[1]);
    if (ctx.match[2] === "t") {
      if (ctx.session.flow && !flows[ctx.session.flow]?.interruptible) return void (await toast(ctx, "notify-finish-first"));
      await ctx.answerCallbackQuery().catch(() => {});
      return void (await applyResult(ctx, startFlow(flows, closeFlow(ctx.session), "consultation_answer", ctx.env, String(deliveryId)), profile));
    }
    const option = Number(ctx.match[2]);
    const result = await answerConsultation(ctx.tx, ctx.user.id, deliveryId, { option });
    if (!result.ok) return void (await toast(ctx, result.reason === "not_recipient" ? "consultation-not-yours" : "stale-button"));
    await toast(ctx, result.first ? "consultation-answered" : "consultation-already-answered");
    if (!result.first) return;
    // The question keeps its text and shows the choice made, without buttons to press again.
    const chosen = ctx.callbackQuery.message?.reply_markup?.inline_keyboard?.[option]?.[0]?.text;
    if (chosen) await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [[{ text: `✔️ ${chosen}`, callback_data: "cns:done" }]] } }).catch(() => {});
  });
  pm.callbackQuery("cns:done", (ctx) => toast(ctx, "consultation-already-answered"));

  pm.callbackQuery(/^dlv:cancel:(\d{1,18})$/, async (ctx) => {
    const outcome = await cancelDeliveryAs(ctx.tx, ctx.env.actor, Number(ctx.match[1]));
    if (outcome === "forbidden") return void (await toast(ctx, "stale-button"));
    await toast(ctx, outcome === "cancelled" ? "delivery-cancelled" : "delivery-already-ended");
    // The progress message shows the totals so far at once; the sender edits it again when the few
    // messages in flight at the cancel have been recorded.
    const counts = await deliveryCounts(ctx.tx, Number(ctx.match[1]));
    if (counts) await ctx.editMessageText(progressText(ctx.env.t, ctx.env.locale, { ...counts, state: "cancelled", subject: deliverySubject(counts.message) })).catch(() => {});
  });

  return c;
}
