import { existsSync, mkdirSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config.ts";
import { createLocalChat, registerChatPage, type LocalChat } from "../../bot/local-mode.ts";
import { queueReplies } from "../../messaging/reply-queue.ts";
import type { Database } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { spreadsheetBytes, storePng, storeSpreadsheet, tinyPng } from "../support/generated-files.ts";
import { botWiring } from "../support/bot-wiring.ts";

// The local chat page (/chat) shows what the product sends as files: a chart as the image itself with its
// caption, a spreadsheet as a link that downloads it. Headless Chromium from Debian's package, as chat-page.test.ts.

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
const CITIZEN = 1001; // the page's first person

describe.skipIf(!available)("the local chat page with files", () => {
  let database: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let local: LocalChat;
  let base: string;

  beforeAll(async () => {
    database = await testDatabase();
    await resetUserData(database);
    // The chat page in this process keeps no chats on disk: each test file starts with none.
    const config = parseConfig({ DATA_DIR: "memory://" });
    const localWiring = botWiring({ db: database.db, logger: pino({ level: "silent" }), platform: config.bot.platform, adminIds: config.adminIds, sending: config.sending });
    local = await createLocalChat({ config, db: database.db, logger: pino({ level: "silent" }), ...localWiring });
    app = Fastify({ logger: false });
    await registerChatPage(app, local.emulator, config);
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  });

  afterAll(async () => {
    await browser?.close();
    await local?.sender.stop();
    local?.gate.stop();
    await app?.close();
  });

  it("shows a sent chart as an image with its caption and a sent spreadsheet as a download link", async () => {
    const png = tinyPng(240, 120);
    const sheet = spreadsheetBytes("page");
    const chart = await storePng(database.db, png);
    const document = await storeSpreadsheet(database.db, sheet, "گزارش-1405.xlsx");
    await database.db.transaction((tx) =>
      queueReplies(tx, {
        platform: "telegram",
        chatId: CITIZEN,
        batch: "o:files",
        calls: [
          { method: "sendPhoto", payload: { chat_id: CITIZEN, photo: chart, caption: "نمودار ماه" } },
          { method: "sendDocument", payload: { chat_id: CITIZEN, document } },
        ],
      }),
    );
    local.sender.kick(CITIZEN);
    await local.sender.idle();

    const page = await browser.newPage({ viewport: { width: 480, height: 900 }, locale: "fa-IR" });
    await page.goto(`${base}/chat`);
    const image = page.locator(".row.bot img.photo");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(240);
    expect(await page.locator(".row.bot", { has: page.locator("img.photo") }).innerText()).toContain("نمودار ماه");

    const link = page.locator(".row.bot a.file");
    expect(await link.innerText()).toContain("گزارش-1405.xlsx");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("گزارش-1405.xlsx");
    const saved = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of saved) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(sheet)).toBe(true);

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/chat-page-files.png", fullPage: false });
  }, 60_000);
});
