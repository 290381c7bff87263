import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BuiltBot } from "../../bot/create-bot.ts";
import { Emulator } from "../../bot/emulator/emulator.ts";
import type { Actor } from "../../core/access.ts";
import { answerConsultation, consultationSummary, startConsultation } from "../../core/consultations.ts";
import { createMemberInvite } from "../../core/invites.ts";
import { tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { registerMember } from "../../core/network.ts";
import { monthlyFigures } from "../../core/report-figures.ts";
import type { Database, Db } from "../../db/client.ts";
import { rowsOf } from "../../db/rows.ts";
import { region } from "../http/api-v1-fixtures.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { deliveringBot, deliveryEnded, stopDeliveringBot } from "../support/deliveries.ts";
import { staffMember } from "../support/reports.ts";

// Consultations from end to end with the real bot on the emulator: a member joins with the invite the
// assistant made, gets the question, answers with one tap; the summary and the month's report count it.

let database: Database;
let db: Db;
let emu: Emulator;
let bot: BuiltBot;
let thr: { provinceId: number; countyIds: number[] };

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  thr = await region(db, "THR");
});
beforeEach(async () => {
  await resetUserData(database);
  emu = new Emulator();
  bot = deliveringBot(db, emu);
  emu.setDeliverer((u) => bot.bot.handleUpdate(u));
});
afterEach(async () => {
  await stopDeliveringBot(bot);
  emu.close();
});

async function assistantOf(countyId: number): Promise<Extract<Actor, { kind: "assistant" }>> {
  const a = await staffMember(db, "assistant", { provinceId: thr.provinceId, countyId });
  return { kind: "assistant", userId: a.id, countyId, provinceId: thr.provinceId };
}

const lastBotText = (chat: number) => emu.messages(chat).filter((m) => m.from === "bot").at(-1);

async function linkedMember(assistant: Extract<Actor, { kind: "assistant" }>, chat: number, name: string) {
  const m = await registerMember(db, assistant, { kind: "helper", form: "person", name, domain: "social", phone: null, notes: null }, `member-${chat}`);
  const invite = await createMemberInvite(db, assistant, m.id);
  const seq = emu.botSeq(chat);
  await emu.sendText(chat, `/join ${invite.code}`);
  await emu.waitForBot(chat, seq);
  return m;
}

describe("a consultation", () => {
  it("reaches the linked members, takes one answer each, and is summed up for the assistant and the month's report", async () => {
    const assistant = await assistantOf(thr.countyIds[0]);
    await linkedMember(assistant, 740_001, "حلقهٔ جوانان");
    expect(lastBotText(740_001)?.text).toContain("«حلقهٔ جوانان»");
    await linkedMember(assistant, 740_002, "همیار محله");
    // A member never linked gets nothing.
    await registerMember(db, assistant, { kind: "circle", form: "group", name: "بی‌پیوند", domain: "cultural", phone: null, notes: null }, "unlinked");

    const c = await db.transaction((tx) => startConsultation(tx, assistant, { question: "برنامهٔ آب‌رسانی تابستان را چگونه می‌بینید؟", options: ["خوب", "نیازمند اصلاح", "نمی‌دانم"], key: "c1" }));
    expect(c.total).toBe(2);
    await deliveryEnded(db, c.deliveryId);
    const question = lastBotText(740_001)!;
    expect(question.text).toContain("برنامهٔ آب‌رسانی تابستان");
    const press = async (chat: number, data: string) => {
      const message = lastBotText(chat)!;
      const { callbackQueryId } = await emu.pressInlineButton(chat, message.message_id, { data });
      return (await emu.waitForCallbackAnswer(callbackQueryId)).text;
    };
    expect(await press(740_001, `cns:${c.deliveryId}:1`)).toBe("پاسخ شما ثبت شد. سپاس از همراهی‌تان.");
    // The buttons have gone: the message shows the choice.
    expect(lastBotText(740_001)!.reply_markup?.inline_keyboard?.[0]?.[0]?.text).toBe("✔️ نیازمند اصلاح");
    expect(await press(740_001, "cns:done")).toBe("پاسخ شما به این نظرخواهی پیش‌تر ثبت شده است.");
    expect(await press(740_002, `cns:${c.deliveryId}:1`)).toBe("پاسخ شما ثبت شد. سپاس از همراهی‌تان.");

    const summary = await consultationSummary(db, assistant, c.id);
    expect(summary).toMatchObject({ asked: 2, answered: 2, options: [{ label: "خوب", count: 0 }, { label: "نیازمند اصلاح", count: 2 }, { label: "نمی‌دانم", count: 0 }] });
    const day = tehranJalaliDay(new Date());
    const figures = await monthlyFigures(db, assistant, thr.countyIds[0], { jy: day.jy, jm: day.jm });
    expect(figures.consultations).toMatchObject({ held: 1, asked: 2, answered: 2, items: [{ top: "نیازمند اصلاح" }] });
    // Another county's assistant sees none of it.
    const other = await assistantOf(thr.countyIds[1]);
    expect(await consultationSummary(db, other, c.id)).toBeNull();
  });

  it("refuses a consultation when no member has joined the bot, and a member's answer to someone else's question", async () => {
    const assistant = await assistantOf(thr.countyIds[0]);
    await expect(db.transaction((tx) => startConsultation(tx, assistant, { question: "پرسشی بی‌مخاطب برای آزمون", options: [], key: "none" }))).rejects.toMatchObject({ code: "no_linked_members" });
    await linkedMember(assistant, 740_011, "عضو");
    const c = await db.transaction((tx) => startConsultation(tx, assistant, { question: "پرسش تشریحی آزمون؟", options: [], key: "free" }));
    await deliveryEnded(db, c.deliveryId);
    expect(lastBotText(740_011)!.reply_markup?.inline_keyboard?.[0]?.[0]?.callback_data).toBe(`cns:${c.deliveryId}:t`);
    // Someone it was not sent to cannot answer it, whatever they send.
    const stranger = await staffMember(db, "assistant", { provinceId: thr.provinceId, countyId: thr.countyIds[0] });
    expect(await db.transaction((tx) => answerConsultation(tx, stranger.id, c.deliveryId, { text: "پاسخ جعلی" }))).toEqual({ ok: false, reason: "not_recipient" });
    const [{ n }] = rowsOf(await db.execute(sql`select count(*)::int as n from consultation_answers`));
    expect(n).toBe(0);
  });
});
