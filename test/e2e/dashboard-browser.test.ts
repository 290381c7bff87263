import { existsSync, mkdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentPeriods } from "../../core/jalali-periods.ts";
import type { Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { buildApp } from "../../handlers/http/app.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { staffPlaces, staffUser, type StaffPlaces } from "../support/dashboard.ts";
import { seedQuarterOfCases } from "../support/quarter-of-cases.ts";

// The dashboard as a person uses it, in headless Chromium: the link comes from the bot's /dashboard, opens
// on a phone and on a desk, a filter narrows the figures, and the same link opened again is refused.
// Screenshots go to test-artifacts/. Chromium is Debian's package (.ci/run installs it); skipped without it outside CI.

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);

const now = new Date();
const month = recentPeriods(now).thisMonth;
const fa = (n: number) => n.toLocaleString("fa-IR");

describe.skipIf(!available)("the dashboard in Chromium", () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let h: BotHarness;
  let places: StaffPlaces;
  let chat: number;
  const problems: string[] = [];

  beforeAll(async () => {
    const database = await testDatabase();
    db = database.db;
    await resetUserData(database);
    places = await staffPlaces(db);
    await seedQuarterOfCases(db, { from: month.from, to: now, cases: 300, tag: "all" });
    await seedQuarterOfCases(db, { from: month.from, to: now, cases: 40, provinces: ["ALB"], tag: "alborz" });
    app = await buildApp({ db, logger: pino({ level: "silent" }) });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    h = new BotHarness(db, { appUrl: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
    const { userId } = await staffUser(db, "admin", places, "مدیر سامانه");
    chat = Number(rowsOf(await db.execute(sql`select platform_user_id from users where id = ${userId}`))[0].platform_user_id);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    mkdirSync("test-artifacts", { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Sends /dashboard in chat and answers the link on the button of the bot's answer. */
  async function linkFromBot(): Promise<string> {
    await h.text(chat, "/dashboard");
    const button = h.sent(chat).at(-1)?.payload.reply_markup?.inline_keyboard?.[0]?.[0];
    expect(button?.url, h.lastText(chat)).toMatch(/\/dashboard\/open\?t=/);
    return button.url;
  }

  async function context(width: number, height: number): Promise<BrowserContext> {
    const c = await browser.newContext({ viewport: { width, height }, locale: "fa-IR" });
    // A policy violation or a missing stylesheet or font shows up here and fails the test; the refused link's own 410 is expected.
    c.on("console", (m) => m.type() === "error" && !m.text().includes("status of 410") && problems.push(m.text()));
    return c;
  }

  const filed = async (where: ReturnType<typeof sql>) =>
    Number(rowsOf(await db.execute(sql`select count(*) as n from cases where created_at >= ${month.from.toISOString()}::timestamptz and created_at < ${month.to.toISOString()}::timestamptz and ${where}`))[0].n);

  it("opens from the bot's link on a phone, narrows to a province, and refuses the link the second time", async () => {
    const link = await linkFromBot();
    const phone = await context(390, 844);
    const page = await phone.newPage();
    await page.goto(link);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/dashboard");
    await expect.poll(() => page.locator("#summary").innerText()).toContain(`ثبت‌شده: ${fa(await filed(sql`true`))} (`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.evaluate(() => document.fonts.check("16px Vazirmatn"))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.selectOption("#f-province", "ALB");
    await Promise.all([page.waitForURL(/province=ALB/), page.getByRole("button", { name: "نمایش" }).click()]);
    const alborz = await filed(sql`province_id = ${places.alborz.id}`);
    await expect.poll(() => page.locator("#summary").innerText()).toContain(`ثبت‌شده: ${fa(alborz)} (`);
    expect(await page.locator("#heading").innerText()).toContain("البرز");
    await page.screenshot({ path: "test-artifacts/dashboard-phone.png", fullPage: true });

    const again = await (await context(390, 844)).newPage();
    const res = await again.goto(link);
    expect(res?.status()).toBe(410);
    expect(await again.locator("main").innerText()).toContain("این پیوند دیگر کار نمی‌کند");
    await again.screenshot({ path: "test-artifacts/dashboard-link-refused.png" });
    expect(problems).toEqual([]);
  });

  it("lays the charts out two by two on a desk and regroups them by province", async () => {
    const desk = await context(1280, 800);
    const page = await desk.newPage();
    await page.goto(await linkFromBot());
    await page.selectOption("#f-agency", places.tamin.code);
    await page.selectOption("#f-grouping", "province");
    await Promise.all([page.waitForURL(/grouping=province/), page.getByRole("button", { name: "نمایش" }).click()]);
    await expect.poll(() => page.locator("#summary").innerText()).toContain(`ثبت‌شده: ${fa(await filed(sql`agency_id = ${places.tamin.id}`))} (`);
    expect(await page.locator("#by-group caption").innerText()).toContain("استان");
    const boxes = await Promise.all((await page.locator("figure.chart").all()).slice(0, 2).map((f) => f.boundingBox()));
    expect(boxes[0]!.y).toBe(boxes[1]!.y); // side by side
    await page.screenshot({ path: "test-artifacts/dashboard-desktop.png", fullPage: true });
    expect(problems).toEqual([]);
  });
});
