import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appPort, startApp, stopApp, type AppProcess } from "../support/app-process.ts";
import { runCliProcess } from "../support/cli-process.ts";
import { chatPageDriver } from "../support/chat-page-driver.ts";
import { childDatabase } from "../support/database.ts";

// A newcomer's walk through local mode, as issue 19 asked: Hamyar started as `npm start` starts it, the
// chat page in headless Chromium, and the named people of its selector played in turn — a citizen files a
// complaint and is answered over API v1; the admin invites a colleague and broadcasts; the county's
// assistant logs an activity and sends the monthly report; the province's representative returns it, then
// accepts it. The app is stopped and started again in the middle, with the page left open: everyone is still
// answered and still sees their history. Screenshots at 390 and 1280 px are kept in test-artifacts/.

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);

const CITIZEN = "1001";
const ASSISTANT = "3001";
const PROVINCIAL = "3002";
const ADMIN = "9001";
// Each half of the suite (PGlite, PostgreSQL) keeps its own, since they run side by side in CI.
const ARTIFACTS = `test-artifacts/four-roles-${process.env.DATABASE_URL ? "postgres" : "pglite"}`;

describe.skipIf(!available)("a newcomer walks all four roles on the chat page, across a restart", () => {
  let browser: Browser;
  let page: Page;
  let app: AppProcess | undefined;
  let env: Record<string, string>;
  let port: number;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const database = await childDatabase();
    const dataDir = database.env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "hamyar-walk-"));
    // A script taps faster than any person: the per-chat flood limit (20 in 10 s) would hold it back.
    env = { ...database.env, DATA_DIR: dataDir, FLOOD_LIMIT: "100" };
    cleanup = async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    port = await appPort();
    app = await startApp(env, port);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "fa-IR" });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stopApp(app);
    await cleanup?.();
  });

  const bots = () => page.locator(".row.bot");
  /** Plays another person: the selector, as a newcomer switches; waits for their chat to be shown. */
  async function become(id: string) {
    await page.selectOption("#who", id);
    await expect.poll(() => page.locator("#status").innerText(), { timeout: 15_000 }).toBe("آنلاین");
  }
  async function screenshots(name: string) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png` });
    }
    await page.setViewportSize({ width: 390, height: 844 });
  }
  const history = () => page.locator("#messages").innerText();

  it("files, answers, invites, broadcasts, reports, returns and accepts, with a restart in the middle", async () => {
    const { lastBot, tapInline, tapReply, type, expectBot, startComplaint } = chatPageDriver(page);
    await page.goto(`http://127.0.0.1:${port}/chat`);

    // 1. A citizen files a complaint…
    await become(CITIZEN);
    await type("/start");
    await expectBot("خوش آمدید");
    await startComplaint("آموزش", "آموزش و پرورش");
    await tapInline("البرز");
    await expectBot("شهرستان");
    await tapInline(/^کرج$/);
    await expectBot("عنوان");
    await type("کمبود معلم در مدرسهٔ محله");
    await expectBot("شرح کامل");
    await type("از ابتدای سال تحصیلی کلاس ریاضی پایهٔ نهم مدرسهٔ محلهٔ ما معلم ندارد.");
    await expectBot("پیوست");
    await tapReply("فعلاً نه");
    await expectBot("نشانی");
    await tapReply("فعلاً نه");
    await expectBot(/شماره|کد ملی|خلاصهٔ پرونده/);
    if ((await lastBot().innerText()).includes("شماره")) {
      await tapReply("ارسال شمارهٔ من");
      await expectBot("کد ملی");
    }
    if ((await lastBot().innerText()).includes("کد ملی")) {
      await type("۰۰۱۰۳۵۰۸۲۹");
      await expectBot("خلاصهٔ پرونده");
    }
    await tapInline("تأیید و ثبت نهایی");
    await expectBot("کد رهگیری");
    const code = /کد رهگیری: \u2066?([۰-۹]{3})[\u00A0 ]([۰-۹]{3})[\u00A0 ]([۰-۹]{3})/
      .exec(await lastBot().innerText())!
      .slice(1)
      .join("")
      .replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));

    // …and is answered over API v1 by the ministry's back-end, with a key made by the CLI beside the app.
    const created = await runCliProcess(["apikey", "create", "--agency", "education", "--name", "walk"], env);
    expect(created.code, created.stderr).toBe(0);
    const answer = await fetch(`http://127.0.0.1:${port}/v1/cases/${code}/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.lastLine}`, "content-type": "application/json" },
      body: JSON.stringify({ event_id: "walk-1", type: "answer", text: "معلم ریاضی از شنبه در مدرسه حاضر می‌شود." }),
    });
    expect(answer.status, await answer.clone().text()).toBe(201);
    await expectBot("معلم ریاضی از شنبه در مدرسه حاضر می‌شود.");
    await screenshots("1-citizen-answered");

    // 2. The admin invites a colleague (who joins as a new person) and broadcasts to the assistants.
    await become(ADMIN);
    await type("/start");
    await expectBot("همیار");
    await tapReply("دعوت همکار");
    await expectBot("چه نقشی");
    await tapInline("دستیار مردمی‌سازی");
    await expectBot("استان را انتخاب کنید");
    await tapInline("البرز");
    await expectBot("شهرستان را انتخاب کنید");
    await tapInline("فردیس");
    await expectBot("کد دعوت");
    const invite = /([A-Z2-9]{12})/.exec(await lastBot().innerText())![1];
    await page.selectOption("#who", { label: "کاربر تازه" });
    await expect.poll(() => page.locator("#status").innerText(), { timeout: 15_000 }).toBe("آنلاین");
    await type(`/join ${invite}`);
    await expectBot("خوش آمدید");
    await expect.poll(() => page.locator("#replyKeyboard").innerText(), { timeout: 15_000 }).toContain("ثبت فعالیت");

    await become(ADMIN);
    await tapReply("اطلاع‌رسانی همگانی");
    await expectBot(/گیرندگان|برای چه کسانی|کدام/);
    await tapInline("همکاران");
    await tapInline("دستیاران مردمی‌سازی");
    await tapInline("ادامه");
    await expectBot("برای کجا");
    await tapInline("البرز");
    await expectBot("در استان البرز");
    await tapInline("همهٔ شهرستان‌های استان");
    await expectBot("متن");
    await type("نشست هم‌اندیشی دستیاران استان، پنجشنبه ساعت ۱۰ در استانداری.");
    await expectBot("پیش‌نمایش");
    await tapInline("ارسال همین حالا");
    // The preview itself becomes the progress, and ends with the totals.
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("تمام شد");
    await screenshots("2-admin-broadcast");

    // Stopped and started again, the page left open: it reconnects and still shows the admin's history.
    await stopApp(app);
    app = await startApp(env, port);
    await expect.poll(() => history(), { timeout: 20_000 }).toContain("تمام شد");
    await type("/start");
    await expect.poll(() => bots().count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await expectBot("همیار");

    // 3. The county's assistant got the announcement, logs an activity and sends the monthly report.
    await become(ASSISTANT);
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("نشست هم‌اندیشی دستیاران استان");
    await type("/start");
    await expectBot("همیار");
    await tapReply("ثبت فعالیت");
    await expectBot("نوع فعالیت");
    await tapInline("نشست تخصصی با دستگاه‌ها");
    await expectBot(/تاریخ|روز/);
    await tapInline("امروز");
    await expectBot("شرکت");
    await type("۲۵");
    await expectBot("دستگاه");
    await tapInline("هیچ‌کدام");
    await expectBot("شرح");
    await type("نشست با ادارهٔ آموزش و پرورش دربارهٔ کمبود معلم در مدارس کرج");
    await expectBot(/نتیجه|دستاورد/);
    await tapInline("فعلاً نه");
    await expectBot(/عکس|پیوست/);
    await tapInline("بدون پیوست");
    await tapInline("ثبت فعالیت");
    await expectBot("ثبت شد");
    await tapReply("گزارش ماهانه");
    await expectBot("کدام ماه");
    await lastBot().locator(".inline button").first().click();
    await expectBot("گزارش ماهانهٔ");
    await tapInline("موانع");
    await type("کمبود همکاری برخی دستگاه‌ها در پاسخ به نامه‌ها.");
    await expectBot("کمبود همکاری برخی دستگاه‌ها");
    await tapInline("ارسال برای نماینده استان");
    await expectBot("فرستاده شود؟");
    await tapInline("بله، ارسال شود");
    await expectBot("فرستاده شد");

    // 4. The province's representative returns it with a note, then accepts the amended version.
    await become(PROVINCIAL);
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("رسید");
    await tapInline("دیدن گزارش");
    await expectBot("کمبود همکاری برخی دستگاه‌ها");
    await tapInline("برگشت برای اصلاح");
    await expectBot("یادداشت");
    await type("لطفاً پیشنهادهای شبکه را هم بنویسید.");
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("گزارش با یادداشت شما برگشت خورد");

    await become(ASSISTANT);
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("لطفاً پیشنهادهای شبکه را هم بنویسید.");
    await tapReply("گزارش ماهانه");
    await expectBot("کدام ماه");
    await lastBot().locator(".inline button").first().click();
    await expectBot("برگشت‌خورده برای اصلاح");
    await tapInline("پیشنهادها");
    await type("ایجاد میز خدمت سیار در روستاها.");
    await expectBot("ایجاد میز خدمت سیار در روستاها.");
    await tapInline("ارسال برای نماینده استان");
    await expectBot("فرستاده شود؟");
    await tapInline("بله، ارسال شود");
    await expectBot("نسخهٔ ۲");
    await screenshots("3-assistant-report");

    await become(PROVINCIAL);
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("گزارش اصلاح‌شدهٔ");
    await tapInline("دیدن گزارش");
    await expectBot("ایجاد میز خدمت سیار در روستاها.");
    await tapInline("پذیرش");
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("پذیرفته‌شده");
    await screenshots("4-representative-accepted");

    await become(ASSISTANT);
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("پذیرفته شد");

    // 5. The citizen, after the restart: the answer is still in the chat, and the chat is answered.
    await become(CITIZEN);
    await expect.poll(() => history(), { timeout: 15_000 }).toContain("معلم ریاضی از شنبه در مدرسه حاضر می‌شود.");
    await tapReply("پرونده‌های من");
    await expectBot("کمبود معلم");
    await screenshots("5-citizen-after-restart");
  }, 300_000);
});
