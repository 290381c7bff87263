import pino, { type Logger } from "pino";

// Secrets must never reach a log line: the webhook secret (header, or Bale's path) and any bot token in a URL.
const SECRET_IN_URL = /(\/webhook\/bale\/)[^/?#]+|(\/bot)\d+:[A-Za-z0-9_-]+/g;

/** Hides secrets in a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_IN_URL, (_m, bale, bot) => `${bale ?? bot}***`);
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ["req.headers.authorization", 'req.headers["x-telegram-bot-api-secret-token"]'], censor: "***" },
    serializers: { err: pino.stdSerializers.err },
  });
}
