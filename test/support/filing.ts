import { expect } from "vitest";
import type { BotHarness } from "./bot-harness.ts";

/** Walks a citizen through filing a case of `kind` with typical answers; returns the tracking code shown. */
export async function fileCaseAsCitizen(h: BotHarness, userId: number, kindLabel = "شکایت", opts: { anonymous?: boolean } = {}): Promise<string> {
  await h.text(userId, "📝 ثبت درخواست / شکایت");
  await h.tap(userId, kindLabel);
  await h.text(userId, "تامین اجتماعی");
  await h.tap(userId, "تأمین اجتماعی");
  const afterAgency = h.lastText(userId);
  if (afterAgency.includes("موضوع")) await h.tap(userId, /.+/);
  await h.tap(userId, "تهران");
  await h.tap(userId, "تهران");
  await h.text(userId, "تأخیر در پرداخت مستمری");
  await h.text(userId, "مستمری این ماه من با ده روز تأخیر پرداخت شده و پاسخگویی هم نبوده است.");
  await h.tap(userId, "پیوستی ندارم");
  await h.text(userId, "⏭ رد شدن");
  if (kindLabel.startsWith("گزارش")) await h.tap(userId, opts.anonymous ? "بدون نام" : "با نام");
  if (!opts.anonymous) {
    await h.contact(userId, "989121234567");
    await h.text(userId, "⏭ رد شدن");
  }
  await h.tap(userId, "تأیید و ثبت نهایی");
  const done = h.lastText(userId);
  const match = /کد رهگیری: ([۰-۹]+)/.exec(done);
  expect(match, `no tracking code in: ${done}`).not.toBeNull();
  return match![1];
}
