import type { FastifyReply, FastifyRequest } from "fastify";
import { isTransientDbError } from "../../../db/errors.ts";
import type { Locale } from "../../../core/open311.ts";
import { formatOfPath, sendDoc, type Format } from "./format.ts";

// Errors as GeoReport v2 words them: an array of {code, description}, <errors><error>… in XML. The HTTP
// status is 404 for what does not exist, 403 for a missing or wrong api_key and 400 for anything else the
// client got wrong; the body's code is the HTTP status. Messages are Persian, English with locale=en.

export interface Message {
  fa: string;
  en: string;
}

/** One or more client errors of one HTTP status, answered in the spec's error format. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 500 | 503,
    readonly messages: Message[],
  ) {
    super(messages.map((m) => m.en).join(" "));
    this.name = "Open311Error";
  }
}

export const badRequest = (...messages: Message[]) => new Open311Error(400, messages);
export const forbidden = (message: Message) => new Open311Error(403, [message]);
export const notFound = (message: Message) => new Open311Error(404, [message]);

export const JURISDICTION_NOT_FOUND = (value: string) =>
  notFound({
    fa: `jurisdiction_id «${value}» پیدا نشد؛ این سامانه فقط hamyar.ir را پوشش می‌دهد (می‌توانید آن را نفرستید).`,
    en: `jurisdiction_id "${value}" was not found; this endpoint serves only hamyar.ir (you may leave it out).`,
  });

/** Sends an error; the format follows the URL's extension (JSON when it has none we know). */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: Open311Error, locale: Locale, format?: Format): FastifyReply {
  const body = err.messages.map((m) => ({ code: err.status, description: m[locale] }));
  return sendDoc(reply, format ?? formatOfPath(request.url) ?? "json", { root: "errors", body }, err.status);
}

/**
 * Turns anything a route or Fastify threw into the spec's error format. Fastify's own 4xx (a body that is
 * not valid form data, too large, an unsupported Content-Type) become 400s, as the spec asks for any
 * request that cannot be fulfilled; 5xx hide their cause, and an unreachable database answers 503 so that
 * clients retry.
 */
export function toOpen311Error(request: FastifyRequest, err: unknown): Open311Error {
  if (err instanceof Open311Error) return err;
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    const message = (err as { message?: string }).message ?? "Bad request.";
    return badRequest({ fa: `درخواست نامعتبر است: ${message}`, en: `The request is invalid: ${message}` });
  }
  if (isTransientDbError(err)) {
    request.log.warn({ err }, "open311 request failed: database unavailable");
    return new Open311Error(503, [{ fa: "سامانه موقتاً در دسترس نیست؛ کمی بعد دوباره تلاش کنید.", en: "The service is temporarily unavailable; try again shortly." }]);
  }
  request.log.error({ err }, "open311 request failed");
  return new Open311Error(500, [{ fa: "خطای داخلی سامانه.", en: "Internal error." }]);
}
