import pino, { type Logger, type LoggerOptions } from "pino";
import { prettyStream } from "./log-format.ts";

// Secrets must never reach a log line: the webhook secret (header, or Bale's path), any bot token in a
// URL, and keys, tokens, secrets or passwords passed as query parameters (Open311 sends `api_key` so).
const SECRET_IN_URL = /(\/webhook\/bale\/)[^/?#]+|(\/bot)\d+:[A-Za-z0-9_-]+/g;
const SECRET_PARAM = /([?&][^=&#]*(?:key|token|secret|password)[^=&#]*=)[^&#]*/gi;
// The dashboard's one-time link carries its token as the whole query (?t=…): none of it is logged.
const DASHBOARD_LINK = /(\/dashboard\/open\?)[^#]*/g;

/** Hides secrets in a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_IN_URL, (_m, bale, bot) => `${bale ?? bot}***`).replace(SECRET_PARAM, "$1***").replace(DASHBOARD_LINK, "$1***");
}

/** A query parameter's name as logged: a plain word; anything else (a key pasted as a name) is not shown. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/**
 * What a request's log line holds: the method, the route's pattern — never the path as sent, since a path
 * no route matched may carry a secret (a webhook secret pasted after the Telegram path) — and the names of
 * its query parameters, never their values (an API key sent as `?k=…`, the dashboard's one-time `?t=…`).
 */
export function requestForLog(req: { method: string; url: string; routeOptions?: { url?: string } }): { method: string; url: string; query?: string[] } {
  const route = req.routeOptions?.url;
  const at = req.url.indexOf("?");
  const names = at < 0 ? [] : [...new Set(new URLSearchParams(req.url.slice(at + 1)).keys())].slice(0, 20).map((n) => (PLAIN_NAME.test(n) ? n : "?"));
  return { method: req.method, url: route && route !== "*" ? route : "(no route)", ...(names.length ? { query: names } : {}) };
}

/**
 * What of an error is worth a log line: type, message, code, stack and the update it happened in —
 * never the objects errors carry. grammY's BotError holds the update's context (with the Bot API client
 * and so the token, and the database handle); a GrammyError holds the call's payload.
 */
export function safeError(err: unknown, depth = 0): Record<string, unknown> | string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown; error_code?: unknown; method?: unknown; error?: unknown; ctx?: { update?: { update_id?: unknown } }; cause?: unknown };
  // BotError and HttpError wrap the real error in `error`.
  const inner = e.error instanceof Error && depth < 3 ? safeError(e.error, depth + 1) : undefined;
  return {
    type: e.name,
    message: redactUrl(e.message),
    ...(typeof e.code === "string" || typeof e.code === "number" ? { code: e.code } : {}),
    ...(typeof e.error_code === "number" ? { errorCode: e.error_code } : {}),
    ...(typeof e.method === "string" ? { method: e.method } : {}),
    ...(typeof e.ctx?.update?.update_id === "number" ? { updateId: e.ctx.update.update_id } : {}),
    ...(e.stack ? { stack: redactUrl(e.stack) } : {}),
    ...(inner ? { error: inner } : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: safeError(e.cause, depth + 1) } : {}),
  };
}

/** The options of every Hamyar logger: secrets redacted from headers, errors through safeError. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-telegram-bot-api-secret-token"]', "headers.authorization"], censor: "***" },
    serializers: { err: safeError, error: safeError },
  };
}

/** The process's logger: JSON lines, or readable lines (log-format.ts) when `format` is pretty. */
export function createLogger(level: string, format: "json" | "pretty" = "json"): Logger {
  return format === "pretty" ? pino(loggerOptions(level), prettyStream(process.stdout)) : pino(loggerOptions(level));
}
