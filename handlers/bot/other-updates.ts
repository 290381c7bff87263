import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { markUserBlocked } from "../../core/users.ts";

/** Updates that carry no request: edits (answers are never changed after the fact) and block/unblock. */
export function otherUpdatesComposer(platform: string): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.chatType("private").on("edited_message", (ctx) => ctx.reply(ctx.env.t("edited-ignored")));
  c.on("my_chat_member", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    const status = ctx.myChatMember.new_chat_member.status;
    await markUserBlocked(ctx.tx, platform, ctx.from.id, status === "kicked");
  });
  return c;
}
