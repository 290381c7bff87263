import type { MiddlewareFn } from "grammy";
import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import { emptySession } from "../../flows/engine.ts";
import { beginUpdate, markUpdateProcessed, saveChatState } from "../chat-state.ts";
import type { BotContext } from "../context.ts";
import { isTransientFailure } from "../failures.ts";
import { translator } from "../translator.ts";

export interface UnitOfWorkOptions {
  db: Db;
  platform: string;
  logger: Logger;
  floodWindowSeconds: number;
  /**
   * Polling has no redelivery: a transient failure (database down) is retried here until it passes.
   * Webhooks rethrow instead, so the route answers 5xx and the platform redelivers.
   */
  retryTransient: boolean;
}

/**
 * Runs each update exactly once, in one transaction: lock the chat's row (serialising that chat across
 * instances), record update_id (a redelivery stops here), load the user — one round trip, see
 * beginUpdate — then run the handlers, save the session, commit.
 * A bug in one update is logged and the update acknowledged, so it cannot loop; the chat stays where it was.
 */
export function unitOfWork(o: UnitOfWorkOptions): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    const updateId = ctx.update.update_id;
    const attempt = () =>
      o.db.transaction(async (tx) => {
        ctx.tx = tx;
        const from = ctx.from && !ctx.from.is_bot ? ctx.from : undefined;
        const start = await beginUpdate(tx, {
          platform: o.platform,
          botId: ctx.me.id,
          updateId,
          chatId,
          from: from && { id: from.id, firstName: from.first_name, username: from.username, languageCode: from.language_code },
          floodWindowSeconds: o.floodWindowSeconds,
        });
        if (!start.fresh) {
          o.logger.debug({ updateId }, "redelivered update ignored");
          return;
        }
        ctx.chatRow = start.chat;
        if (start.user) ctx.user = start.user;
        const row = ctx.chatRow;
        ctx.session = row ? { flow: row.flow, step: row.step, draft: row.draft, version: row.version } : emptySession();
        await next();
        if (row && chatId !== undefined) {
          await saveChatState(tx, o.platform, chatId, ctx.session, { floodWarned: row.floodWarned, groupNoticeSent: row.groupNoticeSent });
        }
      });

    for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        await attempt();
        return;
      } catch (err) {
        if (isTransientFailure(err)) {
          if (!o.retryTransient) throw err;
          o.logger.warn({ err, updateId, retryInMs: delayMs }, "transient failure; retrying the update");
          await new Promise((r) => setTimeout(r, delayMs));
          continue;
        }
        o.logger.error({ err, updateId }, "update failed; acknowledged without changes");
        await o.db.transaction((tx) => markUpdateProcessed(tx, ctx.me.id, updateId, "failed"));
        if (chatId !== undefined && ctx.chat?.type === "private") {
          const t = translator(ctx.user?.language === "en" ? "en" : "fa");
          await ctx.api.sendMessage(chatId, t("error-generic")).catch(() => {});
        }
        return;
      }
    }
  };
}
