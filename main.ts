import { ConfigError, parseConfig } from "./config.ts";
import { registerCommands } from "./bot/commands.ts";
import { createBot } from "./bot/create-bot.ts";
import { migrateDatabase, openDatabase } from "./db/client.ts";
import { seedReferenceData } from "./db/seed.ts";
import { startLocalMode } from "./bot/local-mode.ts";
import { buildApp } from "./handlers/http/app.ts";
import { createLogger } from "./logger.ts";

// Composition root: config → database (migrated, seeded) → bot → HTTP server → polling or webhook.

async function main() {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  await migrateDatabase(database, config.databaseUrl);
  await seedReferenceData(database.db);
  logger.info({ database: database.kind === "pglite" ? `PGlite in ${config.dataDir}` : "PostgreSQL" }, "database ready");

  const botConfig = config.bot;
  const built = botConfig.enabled
    ? createBot({
        token: botConfig.token,
        platform: botConfig.platform,
        apiRoot: botConfig.apiRoot,
        db: database.db,
        logger,
        mode: botConfig.mode,
        flood: config.flood,
        holidays: config.holidays,
      })
    : null;
  if (built) await built.bot.init();

  const webhook = built && botConfig.enabled && botConfig.mode === "webhook" ? { ...built, secret: botConfig.webhookSecret! } : undefined;
  const app = await buildApp({ db: database.db, logger, trustProxy: config.trustProxy, webhook });
  if (!built) await startLocalMode({ app, config, db: database.db, logger });
  await app.listen({ host: config.host, port: config.port });

  if (built && botConfig.enabled) {
    await registerCommands(built.bot.api, built.profile).catch((err) => logger.warn({ err }, "could not register the command list"));
    if (botConfig.mode === "polling") {
      await built.bot.api.deleteWebhook();
      // Sequential polling keeps one chat's updates in order; the unit of work makes each exactly-once.
      void built.bot.start({ onStart: (me) => logger.info({ bot: me.username }, "polling for updates") });
    } else if (botConfig.publicUrl) {
      const path = built.profile.secretHeader ? "/webhook/telegram" : `/webhook/bale/${botConfig.webhookSecret}`;
      await built.bot.api.setWebhook(`${botConfig.publicUrl}${path}`, {
        ...(built.profile.secretHeader ? { secret_token: botConfig.webhookSecret } : {}),
        allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
      });
      logger.info({ url: `${botConfig.publicUrl}${built.profile.secretHeader ? path : "/webhook/bale/***"}` }, "webhook registered");
    }
  } else {
    const shown = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    logger.info(`no BOT_TOKEN: local mode. Open http://${shown.includes(":") ? `[${shown}]` : shown}:${config.port}/chat to talk to Hamyar`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Stop taking updates first, let in-flight requests finish, then close the database.
    if (built && botConfig.enabled && botConfig.mode === "polling") await built.bot.stop().catch(() => {});
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
