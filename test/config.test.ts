import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config.ts";

const token = "123456789:AAH-secret_TokenValue";
const secret = "a-webhook-secret-of-32-characters";

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
}

describe("the configuration with an empty environment", () => {
  const config = parseConfig({});

  it("listens on 127.0.0.1:3000", () => {
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(3000);
  });

  it("keeps its embedded database in ./data", () => {
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe("./data");
  });

  it("runs without a chat platform, on Telegram when one is added", () => {
    expect(config.bot).toEqual({ enabled: false, platform: "telegram" });
  });

  it("has no admins, logs at info and does not trust a proxy", () => {
    expect(config.adminIds).toEqual([]);
    expect(config.logLevel).toBe("info");
    expect(config.trustProxy).toBe(false);
    expect(config.flood).toEqual({ limit: 20, windowSeconds: 10 });
  });
});

describe("the configuration", () => {
  it("treats empty and blank variables as unset", () => {
    const config = parseConfig({ HOST: "", PORT: "", DATA_DIR: " ", DATABASE_URL: "", BOT_TOKEN: "", BOT_MODE: "", WEBHOOK_SECRET: "", ADMIN_IDS: "  " });
    expect(config).toEqual(parseConfig({}));
  });

  it("reads the host, port, data directory and database URL", () => {
    const config = parseConfig({ HOST: "0.0.0.0", PORT: "8080", DATA_DIR: "/var/lib/hamyar", DATABASE_URL: "postgresql://hamyar@db:5432/hamyar" });
    expect(config).toMatchObject({ host: "0.0.0.0", port: 8080, dataDir: "/var/lib/hamyar", databaseUrl: "postgresql://hamyar@db:5432/hamyar" });
  });

  it("ignores the spaces and carriage returns a .env file can leave around values", () => {
    const config = parseConfig({ BOT_TOKEN: ` ${token}\r`, DATABASE_URL: "postgres://db/hamyar\r", HOST: "0.0.0.0 " });
    expect(config.bot).toMatchObject({ enabled: true, token });
    expect(config.databaseUrl).toBe("postgres://db/hamyar");
    expect(config.host).toBe("0.0.0.0");
  });

  it("reads admin ids separated by commas and spaces", () => {
    expect(parseConfig({ ADMIN_IDS: "1, 2" }).adminIds).toEqual(["1", "2"]);
    expect(parseConfig({ ADMIN_IDS: "12345" }).adminIds).toEqual(["12345"]);
  });

  it("trusts a proxy when TRUST_PROXY is true or 1", () => {
    expect(parseConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
  });

  it("ignores variables it does not know", () => {
    expect(parseConfig({ PATH: "/usr/bin", HOME: "/root" })).toEqual(parseConfig({}));
  });
});

describe("the bot configuration", () => {
  it("polls Telegram when only BOT_TOKEN is set", () => {
    expect(parseConfig({ BOT_TOKEN: token }).bot).toEqual({
      enabled: true,
      platform: "telegram",
      token,
      apiRoot: "https://api.telegram.org",
      mode: "polling",
      webhookSecret: undefined,
      publicUrl: undefined,
      webhookReplies: true,
    });
  });

  it("answers button presses inside webhook responses unless WEBHOOK_REPLIES=false, and names a default instance by host and port", () => {
    expect(parseConfig({ BOT_TOKEN: token, WEBHOOK_REPLIES: "false" }).bot).toMatchObject({ webhookReplies: false });
    const c = parseConfig({ PORT: "3100" });
    expect(c.instanceId).toMatch(/:3100$/);
    expect(parseConfig({ INSTANCE_ID: "hamyar-a" }).instanceId).toBe("hamyar-a");
    expect(() => parseConfig({ INSTANCE_ID: "bad id with spaces" })).toThrow(/INSTANCE_ID/);
  });

  it("runs the scheduled jobs unless CRON=false (or 0) turns them off on this instance, and refuses another value", () => {
    expect(parseConfig({}).cron).toBe(true);
    expect(parseConfig({ CRON: "true" }).cron).toBe(true);
    expect(parseConfig({ CRON: "false" }).cron).toBe(false);
    expect(parseConfig({ CRON: "0" }).cron).toBe(false);
    expect(configError({ CRON: "off" }).message).toContain("CRON");
  });

  it("talks to Bale's API when BOT_PLATFORM is bale", () => {
    expect(parseConfig({ BOT_TOKEN: token, BOT_PLATFORM: "bale" }).bot).toMatchObject({ platform: "bale", apiRoot: "https://tapi.bale.ai" });
  });

  it("uses BOT_API_ROOT instead, without its trailing slash", () => {
    expect(parseConfig({ BOT_TOKEN: token, BOT_API_ROOT: "https://bot-api.example.ir/" }).bot).toMatchObject({ apiRoot: "https://bot-api.example.ir" });
    expect(parseConfig({ BOT_TOKEN: token, BOT_PLATFORM: "bale", BOT_API_ROOT: "http://127.0.0.1:8081//" }).bot).toMatchObject({
      platform: "bale",
      apiRoot: "http://127.0.0.1:8081",
    });
  });

  it("takes webhooks with a secret and a public URL without its trailing slash", () => {
    const config = parseConfig({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: secret, PUBLIC_URL: "https://hamyar.example.ir/" });
    expect(config.bot).toMatchObject({ enabled: true, mode: "webhook", webhookSecret: secret, publicUrl: "https://hamyar.example.ir" });
  });

  it("refuses webhooks without WEBHOOK_SECRET and says how to make one", () => {
    const error = configError({ BOT_TOKEN: token, BOT_MODE: "webhook" });
    expect(error.message).toContain("WEBHOOK_SECRET");
    expect(error.message).toContain("openssl rand");
  });

  it("refuses webhooks without BOT_TOKEN", () => {
    expect(configError({ BOT_MODE: "webhook", WEBHOOK_SECRET: secret }).message).toContain("BOT_TOKEN");
  });

  it("rejects a WEBHOOK_SECRET that is too short", () => {
    expect(configError({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "short-secret" }).message).toContain("WEBHOOK_SECRET");
  });

  it("rejects a WEBHOOK_SECRET with characters a platform would not send back", () => {
    expect(configError({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "secret with spaces and /slashes" }).message).toContain("WEBHOOK_SECRET");
    expect(configError({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "رمز-وب‌هوک-خیلی-طولانی-من" }).message).toContain("WEBHOOK_SECRET");
  });

  it("rejects an unknown BOT_PLATFORM or BOT_MODE", () => {
    expect(configError({ BOT_TOKEN: token, BOT_PLATFORM: "whatsapp" }).message).toContain("BOT_PLATFORM");
    expect(configError({ BOT_TOKEN: token, BOT_MODE: "push" }).message).toContain("BOT_MODE");
  });

  it("rejects a BOT_API_ROOT that is not an http(s) URL", () => {
    expect(configError({ BOT_TOKEN: token, BOT_API_ROOT: "tapi.bale.ai" }).message).toContain("BOT_API_ROOT");
    expect(configError({ BOT_TOKEN: token, BOT_API_ROOT: "ftp://tapi.bale.ai" }).message).toContain("BOT_API_ROOT");
  });
});

describe("a bad configuration", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "30.5"],
    ["PORT", "-1"],
    ["DATABASE_URL", "mysql://root:hunter2@db/hamyar"],
    ["DATABASE_URL", "./hamyar.db"],
    ["ADMIN_IDS", "alice,bob"],
    ["ADMIN_IDS", "1;2"],
    ["ADMIN_IDS", "1,,2"],
    ["BOT_TOKEN", "not-a-token"],
    ["LOG_LEVEL", "verbose"],
    ["TRUST_PROXY", "yes"],
    ["FLOOD_LIMIT", "0"],
  ])("throws a ConfigError naming %s when it is %j", (name, value) => {
    expect(configError({ [name]: value }).message).toContain(`${name}:`);
  });

  it("names every bad variable at once", () => {
    const message = configError({ PORT: "abc", DATABASE_URL: "mysql://db", ADMIN_IDS: "x" }).message;
    expect(message).toContain("PORT");
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("ADMIN_IDS");
  });

  it("never shows the BOT_TOKEN value in the error", () => {
    const malformed = "123456:secret value with spaces";
    expect(configError({ BOT_TOKEN: malformed }).message).not.toContain("secret value");
    for (const env of [
      { BOT_TOKEN: token, BOT_MODE: "webhook" },
      { BOT_TOKEN: token, PORT: "abc" },
      { BOT_TOKEN: token, BOT_PLATFORM: "whatsapp" },
      { BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "short" },
    ]) {
      const message = configError(env).message;
      expect(message).not.toContain(token);
      expect(message).not.toContain("AAH-secret");
    }
  });

  it("does not show a database password in the error", () => {
    expect(configError({ DATABASE_URL: "mysql://root:hunter2@db/hamyar" }).message).not.toContain("hunter2");
  });

  it("does not show the webhook secret in the error", () => {
    expect(configError({ BOT_TOKEN: token, BOT_MODE: "webhook", WEBHOOK_SECRET: "tooShortSecret" }).message).not.toContain("tooShortSecret");
  });
});

describe("the agency back-end settings", () => {
  it("reads official holidays as Jalali dates and keeps them as Tehran days", () => {
    const config = parseConfig({ HOLIDAYS: "1405/01/01, 1405/01/02" });
    expect([...config.holidays]).toEqual(["2026-03-21", "2026-03-22"]);
  });

  it("refuses a holiday that is not a Jalali date, naming HOLIDAYS", () => {
    expect(() => parseConfig({ HOLIDAYS: "2026-03-21" })).toThrow(/HOLIDAYS/);
    expect(() => parseConfig({ HOLIDAYS: "1405/13/40" })).toThrow(/HOLIDAYS/);
  });

  it("refuses private webhook targets unless ALLOW_PRIVATE_WEBHOOKS=true", () => {
    expect(parseConfig({}).allowPrivateWebhooks).toBe(false);
    expect(parseConfig({ ALLOW_PRIVATE_WEBHOOKS: "true" }).allowPrivateWebhooks).toBe(true);
    expect(() => parseConfig({ ALLOW_PRIVATE_WEBHOOKS: "yes please" })).toThrow(/ALLOW_PRIVATE_WEBHOOKS/);
  });

  it("sizes the PostgreSQL pool from DATABASE_POOL_SIZE", () => {
    expect(parseConfig({}).databasePoolSize).toBe(20);
    expect(parseConfig({ DATABASE_POOL_SIZE: "40" }).databasePoolSize).toBe(40);
    expect(() => parseConfig({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe("the API request budgets", () => {
  it("default to 1200 requests per key and 20 failed authentications per address, per minute", () => {
    expect(parseConfig({}).rateLimit).toEqual({ perMinute: 1200, authFailuresPerMinute: 20 });
  });

  it("read RATE_LIMIT_PER_MINUTE and RATE_LIMIT_AUTH_FAILURES_PER_MINUTE, 0 turning one off", () => {
    expect(parseConfig({ RATE_LIMIT_PER_MINUTE: "6000", RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "0" }).rateLimit).toEqual({ perMinute: 6000, authFailuresPerMinute: 0 });
  });

  it.each([
    ["RATE_LIMIT_PER_MINUTE", "-1"],
    ["RATE_LIMIT_PER_MINUTE", "many"],
    ["RATE_LIMIT_AUTH_FAILURES_PER_MINUTE", "2.5"],
  ])("refuse %s=%j, naming the variable", (name, value) => {
    expect(configError({ [name]: value }).message).toContain(`${name}:`);
  });
});
