import { existsSync, mkdirSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config.ts";
import { createLocalChat, registerChatPage } from "../../bot/local-mode.ts";
import { buildApp } from "../../handlers/http/app.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { botWiring } from "../support/bot-wiring.ts";
import { chatPageDriver } from "../support/chat-page-driver.ts";

// A person files a complaint on the local chat page (/chat) in headless Chromium, by clicking and typing.
// Chromium comes from Debian's package (.ci/run installs it); without it the test is skipped outside CI.

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);

describe.skipIf(!available)("the local chat page", () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const database = await testDatabase();
    await resetUserData(database);
    // The chat page in this process keeps no chats on disk: each test file starts with none.
    const config = parseConfig({ DATA_DIR: "memory://" });
    const localWiring = botWiring({ db: database.db, logger: pino({ level: "silent" }), platform: config.bot.platform, adminIds: config.adminIds, sending: config.sending });
    const local = await createLocalChat({ config, db: database.db, logger: pino({ level: "silent" }), ...localWiring });
    app = await buildApp({ db: database.db, logger: pino({ level: "silent" }), api: { files: local.files } });
    await registerChatPage(app, local.emulator, config);
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 480, height: 900 }, locale: "fa-IR" });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("lets a person file a complaint, see its tracking code, and track it", async () => {
    const { lastBot, tapInline, tapReply, type, expectBot, startComplaint } = chatPageDriver(page);
    await page.goto(`${base}/chat`);
    await expect.poll(() => page.locator("#status").innerText()).toBe("آنلاین");
    await type("/start");
    await expectBot("خوش آمدید");
    await startComplaint("آموزش", "آموزش و پرورش");
    await tapInline("اصفهان");
    await expectBot("شهرستان");
    await tapInline("کاشان");
    await expectBot("عنوان");
    await type("کمبود معلم در مدرسهٔ محله");
    await expectBot("شرح کامل");
    await type("از ابتدای سال تحصیلی کلاس ریاضی پایهٔ نهم مدرسهٔ محلهٔ ما معلم ندارد.");
    await expectBot("پیوست");
    await tapReply("فعلاً نه");
    await expectBot("نشانی");
    await tapReply("ارسال موقعیت مکانی");
    await expectBot("دکمهٔ «ارسال شمارهٔ من»");
    await tapReply("ارسال شمارهٔ من");
    await expectBot("کد ملی");
    await type("۰۰۱۰۳۵۰۸۲۹");
    await expectBot("خلاصهٔ پرونده");
    expect(await lastBot().innerText()).toContain("کاشان");
    await tapInline("تأیید و ثبت نهایی");
    await expectBot("کد رهگیری");
    // Shown grouped in isolates («\u2066۱۲۳ ۴۵۶ ۷۸۹\u2069»); the page may drop the invisible isolates.
    const code = /کد رهگیری: \u2066?([۰-۹]{3})[\u00A0 ]([۰-۹]{3})[\u00A0 ]([۰-۹]{3})/.exec(await lastBot().innerText())!.slice(1).join("");

    await tapReply("پیگیری با کد رهگیری");
    await expectBot("کد رهگیری پرونده را بفرستید");
    await type(code);
    await expectBot(`${code.slice(6)}`); // the case title shows the code grouped: «پرونده ۱۲۳ ۴۵۶ ۷۸۹»
    expect(await lastBot().innerText()).toContain("ثبت شد");

    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/chat-page.png", fullPage: false });
  }, 90_000);
});
