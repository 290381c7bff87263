import { Composer } from "grammy";
import { applyResult } from "../../bot/render.ts";
import { readInput } from "../../bot/input.ts";
import type { BotContext } from "../../bot/context.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import { advanceFlow } from "../../flows/engine.ts";
import { menuFor } from "../../flows/keyboards.ts";
import { flows } from "../../flows/registry.ts";

/** Everything else a person sends in private goes to the open flow; with none open, the menu is shown. */
export function flowInputComposer(profile: PlatformProfile): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.chatType("private").on(["message", "callback_query"], async (ctx) => {
    const input = readInput(ctx);
    if (!input) return;
    if (ctx.session.flow) return applyResult(ctx, advanceFlow(flows, ctx.session, ctx.env, input), profile);
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: ctx.env.t("stale-button") }).catch(() => {}));
    await ctx.reply(ctx.env.t("use-menu"), { reply_markup: { keyboard: menuFor(ctx.env, flows), resize_keyboard: true } });
  });
  return c;
}
