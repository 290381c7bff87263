import { appBaseUrl, ConfigError, parseConfig, type Config } from "./config.ts";
import { registerCommands } from "./bot/commands.ts";
import { createBot } from "./bot/create-bot.ts";
import { createLocalChat, registerChatPage } from "./bot/local-mode.ts";
import { createPlatformFiles } from "./bot/platform-files.ts";
import { runCliCollected } from "./cli/main.ts";
import { ApiKeyCache } from "./core/api-keys.ts";
import { CatalogCache } from "./core/catalog.ts";
import { inviteLink } from "./core/invites.ts";
import { migrateDatabase, openDatabase } from "./db/client.ts";
import { DataDirBusyError, lockDataDir, type DataDirLock } from "./db/data-dir-lock.ts";
import { seedReferenceData } from "./db/seed.ts";
import { startAdminEndpoint } from "./handlers/http/admin-endpoint.ts";
import { buildApp } from "./handlers/http/app.ts";
import { botFeatures } from "./handlers/bot/features.ts";
import { createSenders } from "./messaging/create-senders.ts";
import { laterCalls } from "./bot/render.ts";
import type { Api } from "grammy";
import type { Logger } from "pino";
import type { PlatformProfile } from "./bot/platform.ts";
import { createLogger } from "./logger.ts";
import { startAgencyWebhooks } from "./workers/agency-webhooks.ts";
import { startCitizenMessages } from "./workers/citizen-messages.ts";
import { JOBS } from "./cron/jobs.ts";
import { createScheduler } from "./cron/scheduler.ts";

// Composition root: config → database (migrated, seeded) → bot (platform or local emulator) with its
// features and senders → HTTP server → outbox workers → scheduled jobs → polling or webhook registration.

const SHUTDOWN_DEADLINE_MS = 9_000;
/** How long the app waits at start for a CLI command that holds the embedded database to finish. */
const CLI_WAIT_MS = 60_000;

/** The embedded database's directory lock, or exit 2 when another app holds it (a CLI command is waited for). */
async function lockEmbeddedDatabase(config: Config, logger: Logger): Promise<DataDirLock | undefined> {
  if (config.databaseUrl || config.dataDir === "memory://") return undefined;
  try {
    return await lockDataDir(config.dataDir, "app", {
      waitMs: CLI_WAIT_MS,
      waitWhile: (holder) => holder.role === "cli",
      onWait: (holder) => logger.warn({ pid: holder.pid }, "waiting for a hamyar CLI command to release DATA_DIR"),
    });
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, config.logFormat);
  // A promise the database driver rejects when a connection drops before anyone awaits it (seen with
  // postgres.js under pg_terminate_backend) must not end the process: every caller of that query still
  // gets its own error and retries. Logged, so a real leak in our own code shows up too.
  process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled promise rejection; the process goes on"));
  const lock = await lockEmbeddedDatabase(config, logger);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, lock });
  await migrateDatabase(database, config.databaseUrl);
  await seedReferenceData(database.db);
  logger.info({ database: database.kind === "pglite" ? `PGlite in ${config.dataDir}` : "PostgreSQL" }, "database ready");

  const adminPlatformIds = new Set(config.adminIds.map(Number));
  // Set once the outbox workers run: what a job queued (a reminder, a webhook) is looked for at once.
  let kickWorkers = () => {};
  const catalogCache = new CatalogCache();
  const apiKeyCache = new ApiKeyCache();
  const botConfig = config.bot;
  // What the bot runs (the handlers' features) and what sends for it (send gate, chat and delivery senders),
  // the same for a bot on a platform and for local mode. The senders are built over the bot's own API.
  const wiring = {
    features: botFeatures({ platform: botConfig.platform, adminIds: config.adminIds }),
    senders: ({ api, instanceId, profile }: { api: Api; instanceId: string; profile: PlatformProfile }) =>
      createSenders({
        db: database.db,
        api,
        platform: botConfig.platform,
        instanceId,
        logger,
        sending: config.sending,
        platformPaidBroadcast: profile.paidBroadcast,
        makeLater: laterCalls({ db: database.db, catalogCache, holidays: config.holidays }, profile),
      }),
  };
  const chat = botConfig.enabled
    ? (() => {
        const built = createBot({
          token: botConfig.token,
          platform: botConfig.platform,
          apiRoot: botConfig.apiRoot,
          db: database.db,
          logger,
          mode: botConfig.mode,
          flood: config.flood,
          ...wiring,
          holidays: config.holidays,
          catalogCache,
          instanceId: config.instanceId,
          webhookReplies: botConfig.webhookReplies,
          adminIds: config.adminIds,
          appUrl: appBaseUrl(config),
        });
        return { ...built, emulator: undefined, files: createPlatformFiles({ api: built.bot.api, token: botConfig.token, apiRoot: botConfig.apiRoot }) };
      })()
    : await createLocalChat({ config, db: database.db, logger, catalogCache, ...wiring });
  await chat.bot.init();

  const webhook = botConfig.enabled && botConfig.mode === "webhook" ? { bot: chat.bot, profile: chat.profile, secret: botConfig.webhookSecret! } : undefined;
  const app = await buildApp({
    db: database.db,
    logger,
    trustProxy: config.trustProxy,
    rateLimit: config.rateLimit,
    webhook,
    metrics: config.metrics ? { token: config.metrics.token, embedded: database.kind === "pglite", poolSize: database.kind === "pglite" ? 1 : config.databasePoolSize } : undefined,
    api: { catalogCache, apiKeyCache, holidays: config.holidays, allowPrivateWebhooks: config.allowPrivateWebhooks, files: chat.files },
    dashboard: { adminIds: adminPlatformIds, secureCookie: appBaseUrl(config)?.startsWith("https://") ?? false },
  });
  if (chat.emulator) await registerChatPage(app, chat.emulator, config);
  await app.listen({ host: config.host, port: config.port });

  // The CLI cannot open the embedded database while we hold it, so it sends its commands here. After one
  // ran, this process forgets what it remembered of keys and agencies: a revoked key, a new webhook URL
  // or deadline count at once, not after the caches' windows.
  const adminEndpoint = lock
    ? await startAdminEndpoint({
        dataDir: config.dataDir,
        logger,
        run: async (argv) => {
          const result = await runCliCollected(argv, {
            db: database.db,
            allowPrivateWebhooks: config.allowPrivateWebhooks,
            // Its own claim name: the app takes its own unfinished claims back at start, never a CLI run's.
            jobs: { adminPlatformIds, holidays: config.holidays, instanceId: `${config.instanceId}/cli`, onRan: () => kickWorkers() },
            // The app already knows its bot's username (getMe at init): invite links need no request.
            botLink: botConfig.enabled ? async (code) => inviteLink(botConfig.platform, chat.bot.botInfo.username, code) : undefined,
          });
          apiKeyCache.clear();
          catalogCache.clear();
          return result;
        },
      })
    : undefined;
  if (adminEndpoint) lock!.update({ admin: { host: adminEndpoint.host, port: adminEndpoint.port } });

  // Every chat message leaves through the chat sender, after its commit; the sweep sends what a crashed
  // instance or a retry left. Everything else that leaves later goes through the outbox workers.
  chat.sender.startSweeping();
  chat.deliveries.start();
  const citizenMessages = startCitizenMessages({ db: database.db, sender: chat.sender, logger });
  const agencyWebhooks = startAgencyWebhooks({
    db: database.db,
    logger,
    allowPrivate: config.allowPrivateWebhooks,
    maxDelayMs: config.webhookDelivery.retryMaxMs,
    concurrency: config.webhookDelivery.concurrency,
    instanceId: config.instanceId,
  });

  kickWorkers = () => {
    citizenMessages.kick();
    agencyWebhooks.kick();
  };

  // Scheduled work, once per slot across instances (cron/); CRON=false leaves it to the other instances.
  const scheduler = config.cron
    ? createScheduler({ db: database.db, jobs: JOBS, instanceId: config.instanceId, logger, adminPlatformIds, holidays: config.holidays, onRan: () => kickWorkers() })
    : undefined;
  scheduler?.start();

  if (botConfig.enabled) {
    await registerCommands(chat.bot.api, chat.profile).catch((err) => logger.warn({ err }, "could not register the command list"));
    if (botConfig.mode === "polling") {
      await chat.bot.api.deleteWebhook();
      // Sequential polling keeps one chat's updates in order; the unit of work makes each exactly-once.
      void chat.bot.start({ onStart: (me) => logger.info({ bot: me.username }, "polling for updates") });
    } else if (botConfig.publicUrl) {
      const path = chat.profile.secretHeader ? "/webhook/telegram" : `/webhook/bale/${botConfig.webhookSecret}`;
      await chat.bot.api.setWebhook(`${botConfig.publicUrl}${path}`, {
        ...(chat.profile.secretHeader ? { secret_token: botConfig.webhookSecret } : {}),
        allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
      });
      logger.info({ url: `${botConfig.publicUrl}${chat.profile.secretHeader ? path : "/webhook/bale/***"}` }, "webhook registered");
    }
  } else {
    const shown = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    const chatPage = `http://${shown.includes(":") ? `[${shown}]` : shown}:${config.port}/chat`;
    // Someone at a terminal gets the one thing to do next on a line of its own; a log reader, a log line.
    if (config.logFormat === "json") logger.info(`no BOT_TOKEN: local mode. Open ${chatPage} to talk to Hamyar`);
    else process.stdout.write(`\n  Hamyar is running. Open ${chatPage} to talk to it (local mode: no BOT_TOKEN, ${database.kind === "pglite" ? `data in ${config.dataDir}` : "PostgreSQL"}).\n\n`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      logger.warn({ signal }, "second signal; exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Whatever still holds on (a platform keeping getUpdates open, a slow delivery) gets 10 seconds.
    setTimeout(() => {
      logger.warn("shutdown took over 10 s; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Stop taking updates, let in-flight requests and deliveries finish, then close the database.
    if (botConfig.enabled && botConfig.mode === "polling") await chat.bot.stop().catch(() => {});
    await app.close();
    // A job stops between two batches; what it committed stays, and the rest of its slot is retried.
    await scheduler?.stop();
    await Promise.all([citizenMessages.stop(), agencyWebhooks.stop()]);
    await chat.deliveries.stop();
    await chat.sender.stop();
    chat.gate.stop();
    await adminEndpoint?.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  stopWithNpm(() => void shutdown("npm stopped"));
}

/**
 * Under `npm start`, npm ran this process through a shell: a SIGTERM to npm ended npm and the shell and left
 * this process running, holding the port and the data folder. The start script now execs node (no shell in
 * between, so npm hands its signal on), and whatever ends npm anyway (kill -9) is noticed here: the parent
 * changed, so npm is gone, and the app shuts down as on a signal. Only under npm: run directly (systemd,
 * a container, nohup), a changed parent means nothing.
 */
function stopWithNpm(stop: () => void) {
  if (!process.env.npm_lifecycle_event) return;
  const npmGone = () => process.ppid !== PARENT_AT_START;
  if (npmGone()) return stop();
  const timer = setInterval(() => {
    if (!npmGone()) return;
    clearInterval(timer);
    stop();
  }, 1000);
  timer.unref();
}

// Read as the module runs, before main() starts up (which takes seconds: npm may be gone by the time it is done).
const PARENT_AT_START = process.ppid;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
