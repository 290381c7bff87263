import { Composer } from "grammy";
import { applyResult } from "../../bot/render.ts";
import type { BotContext } from "../../bot/context.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import { findFollowupTarget } from "../../core/followups.ts";
import { findOwnSurvey, mayObject } from "../../core/surveys.ts";
import { closeFlow, startFlow } from "../../flows/engine.ts";
import { flows } from "../../flows/registry.ts";

// Buttons that open a flow for one case: in messages pushed to the citizen (an agency's answer, the survey
// question, its reminder) and on a case's detail. Pushed messages are sent outside any conversation, so
// their buttons cannot carry the chat's state version: they are "sv:<code>:<answer>" and "fu:<code>".
// A case's detail is a flow step, whose buttons the engine prefixes with the version ("<v>:fu:<code>").
// The code is checked against the presser every time: someone else's or an unknown code gets the same
// "stale button" notice, so forged data reveals nothing.

const inForm = (ctx: BotContext) => ctx.session.flow !== null && !flows[ctx.session.flow]?.interruptible;

export function notificationsComposer(profile: PlatformProfile): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.chatType("private");

  const toast = (ctx: BotContext, key: string) => ctx.answerCallbackQuery({ text: ctx.env.t(key) }).catch(() => {});

  /**
   * Opens a flow unless a form is open; half-entered answers are never dropped by a tap on an old message.
   * `answer`: the label of the button pressed, shown under the question in place of its buttons (as the
   * citizen's form shows a choice made), so the survey's yes/no buttons do not stay to be tapped again.
   */
  async function open(ctx: BotContext, flow: string, arg: string, answer?: string) {
    if (inForm(ctx)) return void (await toast(ctx, "notify-finish-first"));
    const question = ctx.callbackQuery?.message && "text" in ctx.callbackQuery.message ? ctx.callbackQuery.message.text : undefined;
    const result = startFlow(flows, closeFlow(ctx.session), flow, ctx.env, arg).then((r) =>
      answer && question ? { ...r, actions: [{ type: "answered" as const, text: `${question}\n\n${answer} ✔` }, ...r.actions] } : r,
    );
    await applyResult(ctx, result, profile);
  }

  pm.callbackQuery(/^sv:(\d{1,20}):(yes|no|unknown)$/, async (ctx) => {
    const [, code, answer] = ctx.match;
    const found = await findOwnSurvey(ctx.tx, ctx.user.id, code);
    if (!found?.survey) return void (await toast(ctx, "stale-button"));
    if (found.survey.answeredAt && !(mayObject(found.survey) && found.caseStatus !== "reopened")) return void (await toast(ctx, "survey-already-answered"));
    await open(ctx, "survey", `${code}:${answer}`, ctx.env.t(`survey-${answer}`));
  });

  pm.callbackQuery(/^(?:(\d{1,10}):)?fu:(\d{1,20})$/, async (ctx) => {
    const [, version, code] = ctx.match;
    if (version !== undefined && Number(version) !== ctx.session.version) return void (await toast(ctx, "stale-button"));
    if (!(await findFollowupTarget(ctx.tx, ctx.user.id, code))) return void (await toast(ctx, "stale-button"));
    await open(ctx, "followup", code);
  });

  // "Open the report" under a staff notice; the flow checks the report against the presser's province.
  pm.callbackQuery(/^mr:(\d{1,10})$/, async (ctx) => {
    const flow = ctx.env.actor.kind === "assistant" ? "monthly_report" : "review_reports";
    await open(ctx, flow, ctx.match[1]);
  });

  // "Open the report" under the notice that a province's quarterly report arrived (admins).
  pm.callbackQuery(/^qr:(\d{1,10})$/, (ctx) => open(ctx, "province_reports", ctx.match[1]));

  return c;
}
