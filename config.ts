import { hostname } from "node:os";
import { z } from "zod";
import { jalaliToGregorianKey } from "./core/deadlines.ts";

/** Thrown when the environment is not a valid configuration; the message names the variable and the fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const platformApiRoots = { telegram: "https://api.telegram.org", bale: "https://tapi.bale.ai" } as const;

// Values are trimmed: a .env file saved with CRLF endings or a pasted token with a trailing space would
// otherwise fail with a message about a value that looks right.
const emptyToUndefined = (v: unknown) => (typeof v === "string" ? v.trim() || undefined : v);
const booleanFlag = z.preprocess(emptyToUndefined, z.enum(["true", "false", "1", "0"]).optional());

const envSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional(),
  ),
  DATABASE_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(500).default(20)),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
  HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "must look like 123456:ABC-def (the token BotFather or Bale's BotFather gave you)").optional(),
  ),
  BOT_PLATFORM: z.preprocess(emptyToUndefined, z.enum(["telegram", "bale"]).default("telegram")),
  BOT_API_ROOT: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  BOT_MODE: z.preprocess(emptyToUndefined, z.enum(["polling", "webhook"]).optional()),
  WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -").optional(),
  ),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  ADMIN_IDS: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated numeric user ids, e.g. 12345,67890").optional(),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(["json", "pretty"]).optional()),
  FLOOD_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(20)),
  FLOOD_WINDOW_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(10)),
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number of requests (0 turns the limit off)").min(0).default(1200)),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int("must be a whole number of failures (0 turns the limit off)").min(0).default(20)),
  TRUST_PROXY: booleanFlag,
  ALLOW_PRIVATE_WEBHOOKS: booleanFlag,
  WEBHOOK_REPLIES: booleanFlag,
  CRON: booleanFlag,
  WEBHOOK_RETRY_MAX_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(100).max(7 * 24 * 3_600_000).default(3_600_000)),
  WEBHOOK_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(4)),
  SEND_RATE_PER_SECOND: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1000).default(25)),
  SEND_RATE_PER_CHAT_PER_SECOND: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(30).default(1)),
  PAID_BROADCAST: booleanFlag,
  PAID_BROADCAST_RATE: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1000).default(1000)),
  METRICS: booleanFlag,
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -").optional()),
  INSTANCE_ID: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "must be 1 to 100 characters of A-Z, a-z, 0-9, _ . : and -").optional()),
  HOLIDAYS: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^\s*\d{4}\/\d{1,2}\/\d{1,2}(\s*,\s*\d{4}\/\d{1,2}\/\d{1,2})*\s*$/, "must be comma-separated Jalali dates, e.g. 1405/01/01,1405/01/02").optional(),
  ),
});

export type Platform = "telegram" | "bale";

export interface Config {
  databaseUrl?: string;
  databasePoolSize: number;
  dataDir: string;
  host: string;
  port: number;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** LOG_FORMAT, or pretty when standard output is a terminal and JSON otherwise. */
  logFormat: "json" | "pretty";
  adminIds: string[];
  flood: { limit: number; windowSeconds: number };
  /** API v1 and Open311 budgets per minute, counted in each instance's memory; 0 turns one off. */
  rateLimit: { perMinute: number; authFailuresPerMinute: number };
  trustProxy: boolean;
  /** Agency webhooks may target private and loopback addresses (tests and closed networks only). */
  allowPrivateWebhooks: boolean;
  /** Agency webhooks: the longest wait between probes of a failing destination, and deliveries in flight per destination. */
  webhookDelivery: { retryMaxMs: number; concurrency: number };
  /**
   * One bot's sending pace, shared by all instances: messages per second over all chats and per chat. With
   * paid broadcasts (Telegram's allow_paid_broadcast) mass sends carry the flag and the pace is the paid rate.
   */
  sending: { perSecond: number; perChatPerSecond: number; paidBroadcast: boolean };
  /** GET /metrics for Prometheus, with its bearer token when set; null when METRICS is off. */
  metrics: { token?: string } | null;
  /** Official holidays as Gregorian "YYYY-MM-DD" keys (Tehran days); they do not count towards deadlines. */
  holidays: ReadonlySet<string>;
  /**
   * Names this instance in chat-sender leases. A restart under the same name takes its chats back at
   * once; two running instances must not share one. Default: host name and port.
   */
  instanceId: string;
  /** Run the scheduled jobs (cron/) on this instance; CRON=false turns them off here. */
  cron: boolean;
  bot:
    | { enabled: false; platform: Platform }
    | {
        enabled: true;
        platform: Platform;
        token: string;
        apiRoot: string;
        mode: "polling" | "webhook";
        webhookSecret?: string;
        publicUrl?: string;
        /** Answer a button press inside the webhook's response where the platform allows it. */
        webhookReplies: boolean;
      };
}

function parseHolidays(value: string | undefined): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const day of (value ?? "").split(",").map((d) => d.trim()).filter(Boolean)) {
    const key = jalaliToGregorianKey(day);
    if (!key) throw new ConfigError(`Invalid environment:\n  HOLIDAYS: ${day} is not a Jalali date\nFix HOLIDAYS (see README "Configuration") and start again.`);
    keys.add(key);
  }
  return keys;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** METRICS on a host others can reach needs a token: operators' figures are not public. */
function metricsConfig(e: z.infer<typeof envSchema>): Config["metrics"] {
  if (!(e.METRICS === "true" || e.METRICS === "1")) return null;
  if (!e.METRICS_TOKEN && !LOOPBACK.has(e.HOST)) {
    throw new ConfigError(`Invalid environment:\n  METRICS_TOKEN: required with METRICS=true when HOST (${e.HOST}) is not a loopback address\nSet METRICS_TOKEN (openssl rand -hex 24) and have Prometheus send it as a bearer token.`);
  }
  return { token: e.METRICS_TOKEN };
}

/** Parses the process environment into a Config, or throws a ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}\nFix these variables (see README "Configuration") and start again.`);
  }
  const e = parsed.data;
  const paidBroadcast = e.PAID_BROADCAST === "true" || e.PAID_BROADCAST === "1";
  const base = {
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json"),
    adminIds: e.ADMIN_IDS ? e.ADMIN_IDS.split(",").map((s) => s.trim()) : [],
    flood: { limit: e.FLOOD_LIMIT, windowSeconds: e.FLOOD_WINDOW_SECONDS },
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, authFailuresPerMinute: e.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE },
    trustProxy: e.TRUST_PROXY === "true" || e.TRUST_PROXY === "1",
    allowPrivateWebhooks: e.ALLOW_PRIVATE_WEBHOOKS === "true" || e.ALLOW_PRIVATE_WEBHOOKS === "1",
    webhookDelivery: { retryMaxMs: e.WEBHOOK_RETRY_MAX_MS, concurrency: e.WEBHOOK_CONCURRENCY },
    holidays: parseHolidays(e.HOLIDAYS),
    metrics: metricsConfig(e),
    sending: {
      perSecond: paidBroadcast ? e.PAID_BROADCAST_RATE : e.SEND_RATE_PER_SECOND,
      perChatPerSecond: e.SEND_RATE_PER_CHAT_PER_SECOND,
      paidBroadcast,
    },
    instanceId: e.INSTANCE_ID ?? `${hostname()}:${e.PORT}`,
    cron: e.CRON !== "false" && e.CRON !== "0",
  };
  if (!e.BOT_TOKEN) {
    if (e.BOT_MODE === "webhook") throw new ConfigError("BOT_MODE=webhook needs BOT_TOKEN: set the bot token, or remove BOT_MODE.");
    return { ...base, bot: { enabled: false, platform: e.BOT_PLATFORM } };
  }
  const mode = e.BOT_MODE ?? "polling";
  if (mode === "webhook" && !e.WEBHOOK_SECRET) {
    throw new ConfigError(
      "WEBHOOK_SECRET is required when BOT_MODE=webhook: set 16+ characters of A-Z, a-z, 0-9, _ and - (e.g. `openssl rand -hex 24`).",
    );
  }
  return {
    ...base,
    bot: {
      enabled: true,
      platform: e.BOT_PLATFORM,
      token: e.BOT_TOKEN,
      apiRoot: (e.BOT_API_ROOT ?? platformApiRoots[e.BOT_PLATFORM]).replace(/\/+$/, ""),
      mode,
      webhookSecret: e.WEBHOOK_SECRET,
      publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
      webhookReplies: e.WEBHOOK_REPLIES !== "false" && e.WEBHOOK_REPLIES !== "0",
    },
  };
}

/**
 * Where people reach the app's own pages (the dashboard): PUBLIC_URL, or in local mode http://HOST:PORT.
 * A real platform without PUBLIC_URL has none: a phone cannot open the server's own address, and Telegram
 * refuses a button that links to a local one.
 */
export function appBaseUrl(config: Config): string | undefined {
  if (config.bot.enabled) return config.bot.publicUrl;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}
