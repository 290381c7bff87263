import type { Page } from "playwright-core";
import { expect } from "vitest";

// Driving the local chat page (/chat) in Chromium as a person does: reading the bot's last message,
// tapping its buttons or the reply keyboard, typing. Shared by the browser tests of the chat page.

export function chatPageDriver(page: Page) {
  const lastBot = () => page.locator(".row.bot").last();
  /** Waits (15 s at most) until the bot's newest message matches: a string is a part of it, a RegExp a pattern. */
  const expectBot = (text: string | RegExp) => expect.poll(() => lastBot().innerText(), { timeout: 15_000 }).toMatch(text);
  /** The newest button with this label under any of the bot's messages (a notice may come after the question). */
  const tapInline = (label: string | RegExp) => page.locator(".row.bot .inline button", { hasText: label }).last().click();
  const tapReply = (label: string) => page.locator("#replyKeyboard button", { hasText: label }).first().click();
  async function type(text: string) {
    await page.fill("#text", text);
    await page.click("#send");
  }
  /** Filing from the menu up to the province: a complaint to the agency found by typing `search`. */
  async function startComplaint(search: string, agency: string) {
    await tapReply("ثبت درخواست / شکایت");
    await expectBot("نوع پرونده");
    await tapInline("شکایت");
    await expectBot("کدام دستگاه");
    await type(search);
    await expectBot("نتایج جستجو");
    await tapInline(agency);
    await expectBot(/موضوع|استان/);
    // An agency with topics asks for one; any will do.
    if ((await lastBot().innerText()).includes("موضوع")) await lastBot().locator(".inline button").first().click();
    await expectBot("استان");
  }
  return { lastBot, expectBot, tapInline, tapReply, type, startComplaint };
}
