import { existsSync, mkdirSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import pino from "pino";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../config.ts";
import { createLocalChat, registerChatPage, type LocalChat } from "../../bot/local-mode.ts";
import { queueReplies } from "../../messaging/reply-queue.ts";
import type { Database } from "../../db/client.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { storePng, tinyPng } from "../support/generated-files.ts";
import { botWiring } from "../support/bot-wiring.ts";

// The local chat page (/chat) on a 390 px phone and a 1280 px desk, in headless Chromium (Debian's package, as
// chat-page.test.ts): nothing overflows sideways, the send button stays on screen, a Latin command reads
// left to right («/start», not «start/»), long words wrap inside bubbles, keyboards and photos fit.

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);

/** Whatever sticks out sideways: the document's and the message list's scroll width, and any element past the edges. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const list = document.getElementById("messages")!;
    const outside = [...document.querySelectorAll<HTMLElement>(".bubble, .bubble *, .inline button, #replyKeyboard button, #composer > *")]
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.left < -0.5 || r.right > width + 0.5))
      .map(({ e, r }) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(r.left)}…${Math.round(r.right)}`);
    return { width, page: document.scrollingElement!.scrollWidth, list: list.scrollWidth - list.clientWidth, outside };
  });
}

async function expectNoOverflow(page: Page) {
  const o = await overflow(page);
  expect(o.page).toBeLessThanOrEqual(o.width);
  expect(o.list).toBeLessThanOrEqual(0);
  expect(o.outside).toEqual([]);
}

describe.skipIf(!available)("the local chat page on a phone and a desk", () => {
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

  // One person per width, so each starts a conversation of their own.
  for (const [width, height, person] of [
    [390, 844, 1001],
    [1280, 800, 1002],
  ] as const) {
    it(`works at ${width} px: start, file part of a complaint by taps, long words, keyboards and a photo`, async () => {
      const page = await browser.newPage({ viewport: { width, height }, locale: "fa-IR" });
      await page.goto(`${base}/chat`);
      await page.selectOption("#who", String(person));
      await expect.poll(() => page.locator("#status").innerText()).toBe("آنلاین");
      await expectNoOverflow(page);
      // A new person finds the hint and «/start» typed in for them, left to right.
      await expect.poll(() => page.locator("#text").inputValue()).toBe("/start");
      expect(await page.locator("#text").evaluate((e) => getComputedStyle(e).direction)).toBe("ltr");
      mkdirSync("test-artifacts", { recursive: true });
      await page.screenshot({ path: `test-artifacts/chat-page-${width}-new.png` });

      const lastBot = () => page.locator(".row.bot").last();
      const expectBot = (text: string | RegExp) => expect.poll(() => lastBot().innerText(), { timeout: 10_000 }).toMatch(text);
      const tapInline = (label: string) => lastBot().locator(".inline button", { hasText: label }).first().click();
      const tapReply = (label: string) => page.locator("#replyKeyboard button", { hasText: label }).first().click();

      // The composer: fully on screen, typed into and sent by tapping the send button.
      const send = await page.locator("#send").boundingBox();
      expect(send).not.toBeNull();
      expect(send!.x).toBeGreaterThanOrEqual(0);
      expect(send!.x + send!.width).toBeLessThanOrEqual(width);
      expect(send!.y + send!.height).toBeLessThanOrEqual(height);
      const input = await page.locator("#text").boundingBox();
      expect(input!.width).toBeGreaterThan(100);
      expect(await page.locator("#text").getAttribute("dir")).toBe("auto");
      await page.fill("#text", "/start");
      await page.click("#send");
      await expectBot("خوش آمدید");

      const start = page.locator(".row.user .bubble", { hasText: "/start" }).first();
      expect(await start.getAttribute("dir")).toBe("auto");
      expect(await start.evaluate((e) => getComputedStyle(e).direction)).toBe("ltr");

      await page.screenshot({ path: `test-artifacts/chat-page-${width}-start.png` });

      await tapReply("ثبت درخواست / شکایت");
      await expectBot("نوع پرونده");
      await tapInline("شکایت");
      await expectBot("کدام دستگاه");
      await page.fill("#text", "آموزش");
      await page.click("#send");
      await expectBot("نتایج جستجو");
      await tapInline("آموزش و پرورش");
      await expectBot(/موضوع|استان/);
      if ((await lastBot().innerText()).includes("موضوع")) await lastBot().locator(".inline button").first().click();
      await expectBot("استان");
      await expectNoOverflow(page);
      await tapInline("اصفهان");
      await expectBot("شهرستان");
      await expectNoOverflow(page);
      expect(await lastBot().locator(".bubble").getAttribute("dir")).toBe("auto");
      expect(await lastBot().locator(".bubble").evaluate((e) => getComputedStyle(e).direction)).toBe("rtl");

      await page.screenshot({ path: `test-artifacts/chat-page-${width}.png` });

      // What a narrow screen finds hardest: an unbroken URL and code, a wide photo, a row of long buttons.
      const url = "https://example.gov.ir/services/complaints/tracking?reference=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&lang=fa";
      const photo = await storePng(database.db, tinyPng(1200, 400));
      const long = "دکمه‌ای با برچسبی بسیار بلند که جا نمی‌شود";
      await database.db.transaction((tx) =>
        queueReplies(tx, {
          platform: "telegram",
          chatId: person,
          batch: `o:phone-${width}`,
          calls: [
            { method: "sendPhoto", payload: { chat_id: person, photo, caption: "نمودار پهن" } },
            {
              method: "sendMessage",
              payload: {
                chat_id: person,
                text: `نشانی: ${url}\nکد: ${"X9".repeat(40)}`,
                reply_markup: { inline_keyboard: [[1, 2, 3, 4].map((n) => ({ text: `${long} ${n}`, callback_data: `x:${n}` }))] },
              },
            },
            {
              method: "sendMessage",
              payload: {
                chat_id: person,
                text: "دکمه‌های پایین صفحه",
                reply_markup: { keyboard: [[1, 2, 3].map((n) => ({ text: `${long} ${n}` })), [{ text: "📱 ارسال شمارهٔ من", request_contact: true }]], resize_keyboard: true },
              },
            },
          ],
        }),
      );
      local.sender.kick(person);
      await local.sender.idle();
      await expectBot("دکمه‌های پایین صفحه");
      const image = page.locator(".row.bot img.photo").last();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(1200);
      await expectNoOverflow(page);
      // Digits stay as sent inside a URL or a Latin code; the page gives Persian digits to the bot's own numbers only.
      expect(await page.locator(".row.bot", { hasText: "https://" }).last().innerText()).toContain(url);
      const shown = await image.evaluate((img) => {
        const bubble = img.closest(".bubble")!.getBoundingClientRect();
        const r = img.getBoundingClientRect();
        return { width: r.width, bubble: bubble.width, ratio: r.width / r.height };
      });
      expect(shown.width).toBeLessThanOrEqual(shown.bubble);
      expect(shown.ratio).toBeCloseTo(3, 1); // scaled, not squashed
      const send2 = await page.locator("#send").boundingBox();
      expect(send2!.x + send2!.width).toBeLessThanOrEqual(width);
      expect(send2!.y + send2!.height).toBeLessThanOrEqual(height);

      await page.locator(".row.bot", { hasText: "https://" }).last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-artifacts/chat-page-${width}-long.png` });

      // As in Telegram: Shift+Enter starts a new line (options one per line), Enter sends the whole text.
      await page.locator("#text").click();
      await page.keyboard.type("موافقم");
      await page.keyboard.press("Shift+Enter");
      await page.keyboard.type("مخالفم");
      const oneLine = await page.locator("#text").boundingBox();
      expect(await page.locator("#text").inputValue()).toBe("موافقم\nمخالفم");
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator(".row.user .bubble").last().innerText()).toContain("موافقم\nمخالفم");
      expect(await page.locator("#text").inputValue()).toBe("");
      expect(oneLine!.height).toBeGreaterThan((await page.locator("#text").boundingBox())!.height); // it grew with its second line, and shrank once sent
      await page.close();
    }, 90_000);
  }
});
