import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "../../bot/context.ts";
import { isTransientFailure } from "../../messaging/platform-errors.ts";
import type { PlatformProfile } from "../../bot/platform.ts";
import { z } from "zod";

// The parts of a Bot API Update that Hamyar reads, as a real platform sends them. Anything else in an
// update passes through untouched; an update whose read parts have the wrong shape (a number where text
// goes, a chat id no platform issues) cannot come from Telegram or Bale and is ignored at the edge rather
// than failing deep in a handler or an insert.

// Telegram and Bale ids fit in 52 bits; a bigint column would take more, but no platform sends it.
const id = z.number().int().refine(Number.isSafeInteger, "not an id a platform issues");
const user = z.looseObject({ id, is_bot: z.boolean().optional(), first_name: z.string().optional(), username: z.string().optional(), language_code: z.string().optional() });
const chat = z.looseObject({ id, type: z.string() });
const file = z.looseObject({ file_id: z.string(), file_unique_id: z.string().optional(), file_size: z.number().optional() });
const message = z.looseObject({
  message_id: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() })).optional(),
  contact: z.looseObject({ phone_number: z.string(), user_id: id.optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  photo: z.array(file).optional(),
  document: file.optional(),
  voice: file.optional(),
});

export const updateShape = z.looseObject({
  update_id: z.number().int().nonnegative().refine(Number.isSafeInteger),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: user, data: z.string().optional(), message: z.looseObject({ message_id: z.number().int(), chat }).optional() })
    .optional(),
  my_chat_member: z.looseObject({ chat, from: user }).optional(),
});

/** Where an update's read parts have the wrong shape, as `path: problem` lines (no values: they may be personal). */
export function malformedParts(update: unknown): string[] | null {
  const parsed = updateShape.safeParse(update);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

export interface WebhookOptions {
  bot: Bot<BotContext>;
  profile: PlatformProfile;
  secret: string;
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const isUpdate = (body: unknown): body is Update =>
  typeof body === "object" && body !== null && Number.isSafeInteger((body as { update_id?: unknown }).update_id);

/**
 * The platform's webhook. The request ends only after the update's transaction committed: 200 when it
 * was handled (or was a bug, logged and acknowledged), 503 when the database or platform is down, so
 * the platform redelivers later. Telegram proves itself with the secret header; Bale with the secret path.
 */
export async function webhookRoutes(app: FastifyInstance, o: WebhookOptions): Promise<void> {
  async function handle(body: unknown, reply: FastifyReply) {
    if (!isUpdate(body)) return reply.code(400).send({ error: { code: "bad_update", message: "The body must be a Bot API Update object with a numeric update_id." } });
    const malformed = malformedParts(body);
    if (malformed) {
      // Not something Telegram or Bale sends: acknowledged (so nothing redelivers it) and ignored.
      app.log.debug({ updateId: body.update_id, malformed }, "malformed update ignored");
      return reply.send({ ok: true });
    }
    try {
      // A callback answer may ride in this response (grammY's webhook reply, see messaging/unit-of-work.ts).
      let call: string | undefined;
      await o.bot.handleUpdate(body, { send: (json) => void (call = json) });
      return call ? reply.type("application/json").send(call) : reply.send({ ok: true });
    } catch (err) {
      if (isTransientFailure(err)) {
        app.log.warn({ err, updateId: body.update_id }, "update not handled now; the platform will redeliver");
        return reply.code(503).send({ error: { code: "temporarily_unavailable", message: "Try again later." } });
      }
      app.log.error({ err, updateId: body.update_id }, "update failed outside the unit of work; acknowledged");
      return reply.send({ ok: true });
    }
  }
  const unauthorized = (reply: FastifyReply) => reply.code(401).send({ error: { code: "unauthorized", message: "Wrong or missing webhook secret." } });

  if (o.profile.secretHeader) {
    app.post("/webhook/telegram", async (req, reply) =>
      sameSecret(req.headers["x-telegram-bot-api-secret-token"], o.secret) ? handle(req.body, reply) : unauthorized(reply),
    );
  } else {
    app.post<{ Params: { secret: string } }>("/webhook/bale/:secret", async (req, reply) =>
      sameSecret(req.params.secret, o.secret) ? handle(req.body, reply) : unauthorized(reply),
    );
  }
}
