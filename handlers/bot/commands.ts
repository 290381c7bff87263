import { Composer } from "grammy";
import { applyResult } from "../../bot/render.ts";
import type { BotContext } from "../../bot/context.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import { translator } from "../../bot/translator.ts";
import { setAnnouncements } from "../../core/broadcasts.ts";
import { setUserLanguage } from "../../core/users.ts";
import { cancelFlow, closeFlow, repromptFlow, startFlow } from "../../flows/engine.ts";
import { announcementsLabel, CITIZEN_MENU, formKeyboard, menuFor, STAFF_MENU } from "../../flows/keyboards.ts";
import { flows } from "../../flows/registry.ts";

// Commands and main-menu buttons. Inside a form (filing a case) only /cancel and /help act; anything
// else gets "finish or cancel first" so half-entered answers are never lost by a stray tap.

const inForm = (ctx: BotContext) => ctx.session.flow !== null && !flows[ctx.session.flow]?.interruptible;

const MENU = [...STAFF_MENU, ...CITIZEN_MENU];

export function commandsComposer(profile: PlatformProfile): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.chatType("private");

  async function open(ctx: BotContext, flow: string, arg?: string) {
    await applyResult(ctx, startFlow(flows, closeFlow(ctx.session), flow, ctx.env, arg), profile);
  }
  async function askLanguage(ctx: BotContext) {
    ctx.session = closeFlow(ctx.session);
    await ctx.reply(ctx.env.t("lang-ask"), {
      reply_markup: { inline_keyboard: [[{ text: "فارسی", callback_data: "lang:fa" }, { text: "English", callback_data: "lang:en" }]] },
    });
  }

  pm.command("cancel", async (ctx) => {
    if (ctx.session.flow) return applyResult(ctx, cancelFlow(ctx.session, ctx.env, flows), profile);
    await ctx.reply(ctx.env.t("nothing-to-cancel"), { reply_markup: { keyboard: keyboard(ctx), resize_keyboard: true } });
  });

  pm.command("help", async (ctx) => {
    await ctx.reply(ctx.env.t("help"));
    if (inForm(ctx)) await applyResult(ctx, repromptFlow(flows, ctx.session, ctx.env), profile);
  });

  // Every other command waits while a form is open.
  pm.on("message:text").filter(
    (ctx) => inForm(ctx) && ctx.message.text.startsWith("/"),
    async (ctx) => {
      await ctx.reply(ctx.env.t(ctx.session.flow === "file_case" ? "finish-or-cancel" : "form-finish-or-cancel"));
    },
  );

  pm.command("start", async (ctx) => {
    const payload = ctx.match.trim();
    if (payload.startsWith("track_")) return open(ctx, "track_case", payload.slice(6));
    ctx.session = closeFlow(ctx.session);
    await ctx.reply(ctx.env.t("welcome", { name: ctx.from.first_name }), { reply_markup: { keyboard: keyboard(ctx), resize_keyboard: true } });
  });
  pm.command("track", (ctx) => open(ctx, "track_case", ctx.match.trim() || undefined));
  pm.command("lang", askLanguage);
  // Every menu flow has its command; a staff one answers "unknown command" to anyone without the role.
  for (const entry of MENU) if (entry.flow && flows[entry.flow] && entry.command !== "track") pm.command(entry.command, (ctx) => open(ctx, entry.flow!));

  pm.on("message:text").filter(
    (ctx) => !inForm(ctx) && menuKey(ctx) !== undefined,
    async (ctx) => {
      const entry = MENU.find((e) => e.key === menuKey(ctx))!;
      if (entry.flow) return open(ctx, entry.flow);
      return askLanguage(ctx);
    },
  );

  // The citizen's announcements switch. Its label shows the state the person saw, so a press sets the
  // opposite of that: a double tap, or a label older than a 🔕 press under an announcement, changes nothing twice.
  pm.on("message:text").filter(
    (ctx) => !inForm(ctx) && ctx.env.actor.kind === "citizen" && switchShown(ctx) !== undefined,
    async (ctx) => {
      const on = !switchShown(ctx);
      ctx.session = closeFlow(ctx.session);
      await setAnnouncements(ctx.tx, ctx.user.id, on);
      ctx.user.announcementsOptIn = on;
      await ctx.reply(ctx.env.t(on ? "announcements-turned-on" : "announcements-turned-off"), { reply_markup: { keyboard: keyboard(ctx), resize_keyboard: true } });
    },
  );

  c.callbackQuery(/^lang:(fa|en)$/, async (ctx) => {
    const language = ctx.match[1] as "fa" | "en";
    await setUserLanguage(ctx.tx, ctx.user.id, language);
    ctx.user.language = language;
    ctx.env = { ...ctx.env, locale: language, t: translator(language) };
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => {});
    if (!inForm(ctx)) return void (await ctx.reply(ctx.env.t("lang-set"), { reply_markup: { keyboard: keyboard(ctx), resize_keyboard: true } }));
    // Inside a form the back/cancel keyboard and the open prompt are shown again in the new language,
    // or the old-language «انصراف» on screen would be taken as an answer.
    await ctx.reply(ctx.env.t("lang-set"), { reply_markup: { keyboard: formKeyboard(ctx.env.t).map((r) => r.map((b) => ({ text: b.text }))), resize_keyboard: true } });
    await applyResult(ctx, repromptFlow(flows, ctx.session, ctx.env), profile);
  });

  pm.on("message:text").filter(
    (ctx) => ctx.message.text.startsWith("/") && !ctx.session.flow,
    (ctx) => ctx.reply(ctx.env.t("unknown-command")),
  );
  return c;
}

function keyboard(ctx: BotContext) {
  return menuFor(ctx.env, flows).map((row) => row.map((b) => ({ text: b.text })));
}

/** The state the announcements switch showed when its label (in either language) is the text; undefined otherwise. */
function switchShown(ctx: BotContext): boolean | undefined {
  const text = ctx.message?.text?.trim();
  for (const t of [translator("fa"), translator("en")]) {
    if (text === announcementsLabel(t, true)) return true;
    if (text === announcementsLabel(t, false)) return false;
  }
  return undefined;
}

/** The menu entry whose label (in the user's language or the other one) the text is. */
function menuKey(ctx: BotContext): string | undefined {
  const text = ctx.message?.text?.trim();
  if (!text) return undefined;
  const fa = translator("fa");
  const en = translator("en");
  return MENU.find((e) => text === fa(e.key) || text === en(e.key))?.key;
}
