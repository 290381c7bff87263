import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { Writable } from "node:stream";
import type { Db } from "../../db/client.ts";
import { buildApp, type AppOptions } from "../../handlers/http/app.ts";
import type { RateLimitSettings } from "../../handlers/http/rate-limits.ts";
import { loggerOptions } from "../../logger.ts";
import type { Update } from "grammy/types";
import type { BotHarness } from "./bot-harness.ts";

export const WEBHOOK_SECRET = "test-secret_0123456789abcdef";

/** A logger that keeps every line, so tests can check what reaches the logs. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino(loggerOptions("debug"), stream), lines };
}

/**
 * The HTTP app with the harness's bot behind its webhook route. Replies leave after the commit, so by
 * default each webhook request here also waits until the bot's sender is idle: a test reads the replies
 * right after the request. `waitForReplies: false` keeps the real timing.
 */
export async function appWithWebhook(
  db: Db,
  h: BotHarness,
  logger: Logger = pino({ level: "silent" }),
  o: { waitForReplies?: boolean; rateLimit?: RateLimitSettings; metrics?: AppOptions["metrics"] } = {},
): Promise<FastifyInstance> {
  const bot =
    o.waitForReplies === false
      ? h.bot
      : (Object.assign(Object.create(h.bot), {
          handleUpdate: async (update: Update, envelope?: Parameters<typeof h.bot.handleUpdate>[1]) => {
            try {
              await h.bot.handleUpdate(update, envelope);
            } finally {
              await h.settled();
            }
          },
        }) as typeof h.bot);
  return buildApp({ db, logger, webhook: { bot, profile: h.profile, secret: WEBHOOK_SECRET }, rateLimit: o.rateLimit, metrics: o.metrics });
}
