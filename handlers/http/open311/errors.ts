import type { FastifyReply, FastifyRequest } from "fastify";
import { isTransientDbError } from "../../../db/errors.ts";
import { MEDIA_LIMITS, type Locale } from "../../../core/open311.ts";
import { toPersianDigits } from "../../../core/persian.ts";
import { formatOfPath, sendDoc, type Format } from "./format.ts";

// Errors as GeoReport v2 words them: an array of {code, description}, <errors><error>… in XML. The HTTP
// status is 404 for what does not exist, 403 for a missing or wrong api_key, 429 past a request budget
// and 400 for anything else the client got wrong; the body's code is the HTTP status. Messages are Persian, English with locale=en.

export interface Message {
  fa: string;
  en: string;
}

/** One or more client errors of one HTTP status, answered in the spec's error format. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429 | 500 | 503,
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

const BODY_TYPES = "application/x-www-form-urlencoded (or multipart/form-data with media files)";

/** A body of a type the facade does not read (text/plain, XML, …): which types it takes. */
export function unacceptedBodyType(request: FastifyRequest): Message {
  const type = (request.headers["content-type"] ?? "").split(";")[0].trim() || "—";
  return {
    fa: `نوع محتوای «${type}» پذیرفته نیست؛ بدنه را با ${BODY_TYPES} بفرستید.`,
    en: `Content-Type "${type}" is not accepted; send the body as ${BODY_TYPES}.`,
  };
}

/** What Fastify and @fastify/multipart reject by themselves, worded in both languages with how to fix it. */
function parserMessage(request: FastifyRequest, code: string | undefined): Message | null {
  switch (code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return unacceptedBodyType(request);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        fa: "بدنهٔ فرم بیش از ۲۵۶ کیلوبایت است؛ فایل‌ها را نه در فرم، که با multipart/form-data در فیلد media بفرستید.",
        en: "The form body is over 256 KB; send files as multipart/form-data in the media field, not inside the form.",
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { fa: `بدنهٔ JSON نامعتبر است؛ یک شیء JSON یا ${BODY_TYPES} بفرستید.`, en: `The JSON body is invalid; send a JSON object or ${BODY_TYPES}.` };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { fa: "Content-Length با طول بدنه نمی‌خواند.", en: "Content-Length does not match the body's length." };
    case "FST_FILES_LIMIT":
      return {
        fa: `حداکثر ${toPersianDigits(MEDIA_LIMITS.files)} فایل media در یک درخواست پذیرفته است؛ بقیه را کنار بگذارید.`,
        en: `At most ${MEDIA_LIMITS.files} media files are taken per request; leave the others out.`,
      };
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
      return {
        fa: `فرم چندبخشی بیش از ${toPersianDigits(MEDIA_LIMITS.fields)} فیلد دارد.`,
        en: `The multipart form has more than ${MEDIA_LIMITS.fields} fields.`,
      };
    case "FST_MP_PREMATURE_CLOSE":
      return { fa: "بدنهٔ چندبخشی ناقص رسید؛ درخواست را دوباره بفرستید.", en: "The multipart body ended early; send the request again." };
    case "FST_PROTO_VIOLATION":
    case "FST_INVALID_JSON_FIELD_ERROR":
      return { fa: "یکی از فیلدهای فرم چندبخشی نامعتبر است.", en: "A field of the multipart form is invalid." };
    default:
      return null;
  }
}

/**
 * Turns anything a route or Fastify threw into the spec's error format. Fastify's own 4xx (a body that is
 * not valid form data, too large, an unsupported Content-Type) become 400s, as the spec asks for any
 * request that cannot be fulfilled; 5xx hide their cause, and an unreachable database answers 503 so that
 * clients retry.
 */
export function toOpen311Error(request: FastifyRequest, err: unknown): Open311Error {
  if (err instanceof Open311Error) return err;
  const { statusCode: status, code, message } = err as { statusCode?: number; code?: string; message?: string };
  if (status && status >= 400 && status < 500) {
    // An unknown parser error keeps Fastify's English text out of the Persian message: only its code.
    return badRequest(parserMessage(request, code) ?? { fa: `درخواست نامعتبر است (${code ?? status}).`, en: `The request is invalid: ${message ?? code ?? status}` });
  }
  if (isTransientDbError(err)) {
    request.log.warn({ err }, "open311 request failed: database unavailable");
    return new Open311Error(503, [{ fa: "سامانه موقتاً در دسترس نیست؛ کمی بعد دوباره تلاش کنید.", en: "The service is temporarily unavailable; try again shortly." }]);
  }
  request.log.error({ err }, "open311 request failed");
  return new Open311Error(500, [{ fa: "خطای داخلی سامانه.", en: "Internal error." }]);
}
