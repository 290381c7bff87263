import { Composer } from "grammy";
import { setChatCommands } from "../../bot/commands.ts";
import type { BotContext } from "../../bot/context.ts";
import { userActor } from "../../core/access.ts";
import { normalizeInviteCode, redeemInvite } from "../../core/invites.ts";
import { closeFlow } from "../../flows/engine.ts";
import { mainMenu } from "../../flows/keyboards.ts";
import { flows } from "../../flows/registry.ts";
import { roleText } from "../../flows/staff/role-text.ts";

// Joining as staff: `/join CODE`, or `/start CODE` from the invite's link (t.me/<bot>?start=CODE). The
// user takes the invite's role and region in this update's transaction; the welcome, the new menu and
// the chat's command list are sent after it commits. Codes are never logged.

export function joinComposer(adminIds: ReadonlySet<number>): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const pm = c.chatType("private");

  async function join(ctx: BotContext, typed: string) {
    // A half-filled form is not thrown away by a join; the user finishes or cancels it first.
    if (ctx.session.flow && !flows[ctx.session.flow]?.interruptible) return void (await ctx.reply(ctx.env.t("form-finish-or-cancel")));
    const outcome = await redeemInvite(ctx.tx, ctx.user.id, typed);
    if (outcome.kind === "member_joined") return void (await ctx.reply(ctx.env.t(outcome.again ? "join-member-already" : "join-member-welcome", { name: outcome.memberName })));
    if (outcome.kind !== "joined") return void (await ctx.reply(ctx.env.t(outcome.kind === "held_off" ? "join-held-off" : "join-unknown")));
    ctx.session = closeFlow(ctx.session);
    ctx.user = { ...ctx.user, roles: [outcome.role], provinceId: outcome.provinceId, countyId: outcome.countyId, agencyId: outcome.agencyId };
    const actor = userActor(ctx.user, adminIds);
    ctx.env = { ...ctx.env, user: ctx.user, actor };
    const role = await roleText(ctx.env, outcome);
    await ctx.reply(ctx.env.t(outcome.again ? "join-already" : "join-welcome", { role }), {
      reply_markup: { keyboard: mainMenu(ctx.env.t, actor, flows).map((row) => row.map((b) => ({ text: b.text }))), resize_keyboard: true },
    });
    await setChatCommands(ctx.api, ctx.chat!.id, actor, ctx.env.locale);
  }

  pm.command("join", async (ctx) => {
    const typed = ctx.match.trim();
    if (!typed) return void (await ctx.reply(ctx.env.t("join-how")));
    await join(ctx, typed);
  });
  // Only a payload shaped like a code is taken as one; "track_…" and other deep links go on to /start.
  pm.command("start", async (ctx, next) => {
    if (normalizeInviteCode(ctx.match.trim()) === null) return next();
    await join(ctx, ctx.match.trim());
  });
  return c;
}
