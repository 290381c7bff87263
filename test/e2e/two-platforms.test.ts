import { and, eq } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BuiltBot } from "../../bot/create-bot.ts";
import { emulatorApiRoutes } from "../../bot/emulator/api-routes.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import { toAsciiDigits } from "../../core/persian.ts";
import type { Database } from "../../db/client.ts";
import { cases, outbox, users } from "../../db/schema.ts";
import { buildApp } from "../../handlers/http/app.ts";
import { startCitizenMessages } from "../../workers/citizen-messages.ts";
import type { OutboxWorker } from "../../workers/outbox-worker.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { allSent } from "../support/emulated-bot.ts";
import { EmulatorCitizen, withText } from "../support/emulator-citizen.ts";
import { agencyEvent } from "../workers/citizen-messages-helpers.ts";
import { botWiring } from "../support/bot-wiring.ts";

// A Telegram instance and a Bale instance on one database, each behind its own webhook over HTTP (Bale's
// with the secret in the path and no secret header). The same person id exists on both platforms. Every
// chat's replies and notifications leave through its own platform only, and no outbox item bounces
// between the two instances.

const SECRET = "two-platforms-secret-0123456789";
const person = 993_001;
let database: Database;

interface Side {
  emu: Emulator;
  emuApp: FastifyInstance;
  app: FastifyInstance;
  built: BuiltBot;
  worker: OutboxWorker;
}
const sides: Partial<Record<"telegram" | "bale", Side>> = {};

async function side(platform: "telegram" | "bale"): Promise<Side> {
  const emu = new Emulator();
  const emuApp = Fastify({ logger: false });
  await emuApp.register(emulatorApiRoutes, { emulator: emu });
  await emuApp.listen({ host: "127.0.0.1", port: 0 });
  const logger = pino({ level: "silent" });
  const built = createBot({
    token: emu.token,
    platform,
    apiRoot: `http://127.0.0.1:${(emuApp.server.address() as { port: number }).port}`,
    db: database.db,
    logger,
    mode: "webhook",
    flood: { limit: 1000, windowSeconds: 10 },
    botInfo: emu.botInfo,
    instanceId: `two-platforms-${platform}`,
    ...botWiring({ db: database.db, logger, platform }),
  });
  const app = await buildApp({ db: database.db, logger, webhook: { bot: built.bot, profile: built.profile, secret: SECRET } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  emu.webhook = platform === "telegram" ? { url: `${base}/webhook/telegram`, secret: SECRET } : { url: `${base}/webhook/bale/${SECRET}` };
  built.sender.startSweeping();
  const worker = startCitizenMessages({ db: database.db, sender: built.sender, platform, logger, idleMs: 25 });
  return { emu, emuApp, app, built, worker };
}

beforeAll(async () => {
  database = await testDatabase();
  await resetUserData(database);
  sides.telegram = await side("telegram");
  sides.bale = await side("bale");
}, 60_000);

afterAll(async () => {
  for (const s of Object.values(sides)) {
    await s.worker.stop();
    await s.built.sender.stop();
    await s.emu.close();
    await s.app.close();
    await s.emuApp.close();
  }
});

async function fileOn(s: Side): Promise<string> {
  const citizen = new EmulatorCitizen(s.emu, person);
  await citizen.fillComplaint();
  await citizen.tap("تأیید و ثبت نهایی", withText("کد رهگیری: "));
  const [code] = citizen.codesShown();
  return code;
}

describe("a Telegram and a Bale instance on one database", () => {
  it("send each chat's replies and notifications through its own platform only", async () => {
    const telegram = sides.telegram!;
    const bale = sides.bale!;
    const [onTelegram, onBale] = await Promise.all([fileOn(telegram), fileOn(bale)]);
    expect(onTelegram).not.toBe(onBale);

    for (const [platform, code] of [["telegram", onTelegram], ["bale", onBale]] as const) {
      const [c] = await database.db
        .select({ c: cases })
        .from(cases)
        .innerJoin(users, eq(users.id, cases.userId))
        .where(and(eq(cases.trackingCode, toAsciiDigits(code)), eq(users.platform, platform)));
      expect(c, `${platform} case ${code}`).toBeDefined();
      await agencyEvent(database.db, c.c, { type: "status", status: "in_review", note: `بررسی پرونده ${platform}` });
    }
    const pushedTo = (s: Side, note: string) => s.emu.waitForBot(person, 0, withText(note), 20_000);
    await Promise.all([pushedTo(telegram, "بررسی پرونده telegram"), pushedTo(bale, "بررسی پرونده bale")]);
    await allSent(database.db, "telegram");
    await allSent(database.db, "bale");
    await Promise.all([telegram.built.sender.idle(), bale.built.sender.idle()]);

    const texts = (s: Side) => s.emu.messages(person).filter((m) => m.from === "bot").map((m) => m.text ?? "");
    expect(texts(telegram).join("\n")).not.toContain("بررسی پرونده bale");
    expect(texts(bale).join("\n")).not.toContain("بررسی پرونده telegram");
    expect(texts(telegram).filter((t) => t.includes("بررسی پرونده telegram"))).toHaveLength(1);
    expect(texts(bale).filter((t) => t.includes("بررسی پرونده bale"))).toHaveLength(1);
    // Each notification was handled once, by whichever instance claimed it: none waited for the other platform.
    const items = await database.db.select().from(outbox).where(eq(outbox.kind, "citizen_message"));
    expect(items.map((i) => [i.status, i.attempts])).toEqual(items.map(() => ["done", 1]));
  }, 120_000);
});
