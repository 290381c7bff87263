import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { appBaseUrl, type Config } from "../config.ts";
import type { CatalogCache } from "../core/catalog.ts";
import type { Db } from "../db/client.ts";
import { registerCommands } from "./commands.ts";
import { createBot, type BuiltBot, type CreateBotOptions } from "./create-bot.ts";
import { Emulator } from "./emulator/emulator.ts";
import { savedChats } from "./emulator/saved-chats.ts";
import { LOCAL_PEOPLE, NEW_PERSON_IDS_FROM, seedLocalPeople } from "./local-people.ts";
import { toPersianDigits } from "../core/persian.ts";
import { emulatorSideDoorRoutes } from "./emulator/side-door-routes.ts";
import { emulatorTransformer } from "./emulator/transformer.ts";
import { isTransientFailure } from "../messaging/platform-errors.ts";
import type { PlatformFiles } from "./platform-files.ts";

const chatPage = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "emulator", "chat-page.html"), "utf8");

/**
 * The people the chat page can be: the named people of local mode (bot/local-people.ts), each admin of
 * ADMIN_IDS, the new persons of earlier starts who wrote (kept with their chats), and a new person.
 */
function pageUsers(config: Config, emulator: Emulator) {
  const named = LOCAL_PEOPLE.map((p) => ({ id: p.id, label: p.label }));
  const admins = config.adminIds.map(Number).filter((id) => !named.some((p) => p.id === id)).map((id) => ({ id, label: `مدیر ${toPersianDigits(String(id))}` }));
  const earlier = emulator.chatIds().filter((id) => id >= NEW_PERSON_IDS_FROM).map((id) => ({ id, label: `کاربر ${toPersianDigits(String(id))}` }));
  return [...named, ...admins, ...earlier, { id: NEW_PERSON_IDS_FROM + Math.floor(Math.random() * 1_000_000), label: "کاربر تازه" }];
}

export interface LocalChat extends BuiltBot {
  emulator: Emulator;
  /** Attachments citizens sent on the chat page, for the API's downloads. */
  files: PlatformFiles;
}

/**
 * Local mode (no BOT_TOKEN): the real bot runs against the in-process Bot-API emulator; updates go
 * in-process, in order per chat. registerChatPage then serves /chat, where a person plays the citizen.
 * The features and senders come from the composition root, as for a bot on a platform.
 */
export async function createLocalChat(
  o: { config: Config; db: Db; logger: Logger; catalogCache?: CatalogCache } & Pick<CreateBotOptions, "features" | "senders">,
): Promise<LocalChat> {
  // The chat page's chats, people, files and update ids outlive a restart (kept in DATA_DIR).
  const saved = o.config.dataDir === "memory://" ? null : savedChats(o.config.dataDir, o.logger);
  const emulator = new Emulator({ token: saved?.token });
  saved?.keep(emulator);
  emulator.once("closed", () => saved?.flush());
  const built = createBot({
    token: emulator.token,
    platform: o.config.bot.platform,
    apiRoot: "http://emulator.invalid",
    db: o.db,
    logger: o.logger,
    mode: "webhook",
    flood: o.config.flood,
    features: o.features,
    senders: o.senders,
    holidays: o.config.holidays,
    catalogCache: o.catalogCache,
    botInfo: emulator.botInfo,
    instanceId: o.config.instanceId,
    adminIds: o.config.adminIds,
    appUrl: appBaseUrl(o.config),
  });
  const { bot } = built;
  bot.api.config.use(emulatorTransformer(emulator));
  emulator.setDeliverer(async (update) => {
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      if (isTransientFailure(err)) throw err; // the emulator redelivers, like the platform would
      o.logger.error({ err, updateId: update.update_id }, "local update failed");
    }
  });
  await registerCommands(bot.api, built.profile);
  await seedLocalPeople(o.db, o.config.bot.platform);
  const files: PlatformFiles = {
    async download(fileId) {
      const file = await bot.api.getFile(fileId).catch(() => null);
      const stored = file?.file_path ? emulator.fileByPath(file.file_path) : undefined;
      return stored ? { body: stored.bytes, mimeType: stored.mime } : null;
    },
  };
  return { ...built, emulator, files };
}

/** Serves /chat and its API (/chat/api/…) for the local emulator. */
export async function registerChatPage(app: FastifyInstance, emulator: Emulator, config: Config): Promise<void> {
  const users = pageUsers(config, emulator);
  for (const u of users) emulator.userFor(u.id, { first_name: u.label });
  await app.register(
    async (scope) => {
      scope.get("/users", async () => ({ users }));
      await scope.register(emulatorSideDoorRoutes, { emulator });
    },
    { prefix: "/chat/api" },
  );
  app.get("/chat", async (_req, reply) => reply.type("text/html; charset=utf-8").send(chatPage));
  // Before the server waits for its connections: the chat page's live streams end with the emulator.
  app.addHook("preClose", async () => emulator.close());
}
