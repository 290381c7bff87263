import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { Writable } from "node:stream";
import type { Db } from "../../db/client.ts";
import { buildApp } from "../../handlers/http/app.ts";
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
  return { logger: pino({ level: "debug" }, stream), lines };
}

/** The HTTP app with the harness's bot behind its webhook route. */
export async function appWithWebhook(db: Db, h: BotHarness, logger: Logger = pino({ level: "silent" })): Promise<FastifyInstance> {
  return buildApp({ db, logger, webhook: { bot: h.bot, profile: h.profile, secret: WEBHOOK_SECRET } });
}
