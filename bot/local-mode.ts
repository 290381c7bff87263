import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { registerCommands } from "./commands.ts";
import { createBot } from "./create-bot.ts";
import { Emulator } from "./emulator/emulator.ts";
import { emulatorSideDoorRoutes } from "./emulator/side-door-routes.ts";
import { emulatorTransformer } from "./emulator/transformer.ts";
import { isTransientFailure } from "./failures.ts";

const chatPage = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "emulator", "chat-page.html"), "utf8");

/** The people the chat page can be: two citizens, each admin of ADMIN_IDS, and a fresh user. */
function pageUsers(config: Config) {
  return [
    { id: 1001, label: "شهروند ۱" },
    { id: 1002, label: "شهروند ۲" },
    ...config.adminIds.map((id) => ({ id: Number(id), label: `مدیر ${id}` })),
    { id: 2_000_000 + Math.floor(Math.random() * 1_000_000), label: "کاربر تازه" },
  ];
}

/**
 * Local mode (no BOT_TOKEN): the real bot runs against the in-process Bot-API emulator, and /chat is a
 * messenger-like page where a person plays the citizen. Updates go in-process, in order per chat.
 */
export async function startLocalMode(o: { app: FastifyInstance; config: Config; db: Db; logger: Logger }): Promise<Emulator> {
  const emulator = new Emulator();
  const { bot, profile } = createBot({
    token: emulator.token,
    platform: o.config.bot.platform,
    apiRoot: "http://emulator.invalid",
    db: o.db,
    logger: o.logger,
    mode: "webhook",
    flood: o.config.flood,
    holidays: o.config.holidays,
    botInfo: emulator.botInfo,
  });
  bot.api.config.use(emulatorTransformer(emulator));
  emulator.setDeliverer(async (update) => {
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      if (isTransientFailure(err)) throw err; // the emulator redelivers, like the platform would
      o.logger.error({ err, updateId: update.update_id }, "local update failed");
    }
  });
  await registerCommands(bot.api, profile);
  const users = pageUsers(o.config);
  for (const u of users) emulator.userFor(u.id, { first_name: u.label });
  await o.app.register(
    async (scope) => {
      scope.get("/users", async () => ({ users }));
      await scope.register(emulatorSideDoorRoutes, { emulator });
    },
    { prefix: "/chat/api" },
  );
  o.app.get("/chat", async (_req, reply) => reply.type("text/html; charset=utf-8").send(chatPage));
  o.app.addHook("onClose", async () => emulator.close());
  return emulator;
}
