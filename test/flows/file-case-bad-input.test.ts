import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { BotHarness } from "../support/bot-harness.ts";
import { resetUserData, testDatabase } from "../support/database.ts";
import { allCases, DESCRIPTION, onlyCase, SUBJECT, walkTo } from "../support/filing.ts";

let database: Database;
let h: BotHarness;
const citizen = 7001;

beforeAll(async () => {
  database = await testDatabase();
});
beforeEach(async () => {
  await resetUserData(database);
  h = new BotHarness(database.db);
});

const MAIN_MENU = [
  [{ text: "📝 ثبت درخواست / شکایت" }],
  [{ text: "📂 پرونده‌های من" }, { text: "🔎 پیگیری با کد رهگیری" }],
  [{ text: "❓ راهنما و پرسش‌های متداول" }, { text: "🌐 زبان / Language" }],
  [{ text: "🔕 اطلاع‌رسانی‌ها: خاموش" }],
];
const SUBJECT_PROMPT = "مرحلهٔ ۶ از ۱۲\n✏️ عنوان کوتاهی برای شکایت خود بنویسید (بین ۵ تا ۱۲۰ حرف):";
const DESCRIPTION_PROMPT = "📝 شرح کامل شکایت را بنویسید";

/** Asserts the chat is still at `step` with the same state version: nothing moved. */
async function expectStill(step: string, version?: number) {
  const s = await h.state(citizen);
  expect(`${s.flow}/${s.step}`).toBe(`file_case/${step}`);
  if (version !== undefined) expect(s.version).toBe(version);
}

describe("bad input at the subject step", () => {
  const cases: [string, string, string][] = [
    ["empty", "   \n  ", "متن خالی است. لطفاً چیزی بنویسید."],
    ["only emoji", "😡😡😡👎", "لطفاً با کلمات بنویسید؛ متنی که فقط شکلک یا نشانه دارد پذیرفته نمی‌شود."],
    ["only punctuation", "!!! ؟؟؟", "لطفاً با کلمات بنویسید؛ متنی که فقط شکلک یا نشانه دارد پذیرفته نمی‌شود."],
    ["too short", "آب", "متن خیلی کوتاه است؛ دست‌کم ۵ حرف بنویسید."],
    ["over 120 characters", "ب".repeat(121), "متن خیلی طولانی است؛ حداکثر ۱۲۰ حرف مجاز است. لطفاً آن را کوتاه‌تر کنید."],
    ["a bidi override (U+202E)", "قبض آب \u202Eگران\u202C است", "متن شامل نشانه‌های کنترلی یا جهت‌نمای پنهان است. لطفاً آن را دوباره تایپ کنید (نه کپی)."],
    ["a control character", "قبض\u0007 آب گران است", "متن شامل نشانه‌های کنترلی یا جهت‌نمای پنهان است. لطفاً آن را دوباره تایپ کنید (نه کپی)."],
  ];

  it.each(cases)("refuses text that is %s and keeps the step", async (_what, typed, message) => {
    await walkTo(h, citizen, "subject");
    const { version } = await h.state(citizen);
    h.newTexts(citizen);
    await h.text(citizen, typed);
    expect(h.newTexts(citizen)).toBe(message);
    await expectStill("subject", version);
    // The next valid answer continues normally.
    await h.text(citizen, SUBJECT);
    await expectStill("description");
    expect((await h.state(citizen)).draft.subject).toBe(SUBJECT);
  });

  it("accepts exactly 120 characters and trims surrounding spaces", async () => {
    await walkTo(h, citizen, "subject");
    const subject = "پ".repeat(120);
    await h.text(citizen, `  ${subject}\n`);
    await expectStill("description");
    expect((await h.state(citizen)).draft.subject).toBe(subject);
  });

  it("refuses a sticker where text is asked", async () => {
    await walkTo(h, citizen, "subject");
    await h.sticker(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً پاسخ را به صورت متن بنویسید.");
    await expectStill("subject");
  });

  it("refuses a voice message and a photo where text is asked", async () => {
    await walkTo(h, citizen, "subject");
    await h.voice(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً پاسخ را به صورت متن بنویسید.");
    await h.photo(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً پاسخ را به صورت متن بنویسید.");
    await expectStill("subject");
    expect((await h.state(citizen)).draft.attachments).toBeUndefined();
  });
});

describe("other messages where text is asked", () => {
  const unsupported: [string, Record<string, unknown>][] = [
    ["a video", { video: { file_id: "v", file_unique_id: "vu", width: 1, height: 1, duration: 3 } }],
    ["an animation", { animation: { file_id: "g", file_unique_id: "gu", width: 1, height: 1, duration: 1 }, document: { file_id: "g", file_unique_id: "gu" } }],
    ["a video note", { video_note: { file_id: "n", file_unique_id: "nu", length: 1, duration: 3 } }],
    ["an audio file", { audio: { file_id: "a", file_unique_id: "au", duration: 3 } }],
    ["a poll", { poll: { id: "p", question: "?", options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: "regular", allows_multiple_answers: false } }],
    ["a location", { location: { latitude: 35.7, longitude: 51.4 } }],
    ["a contact", { contact: { phone_number: "989121234567", first_name: "X", user_id: citizen } }],
  ];

  it.each(unsupported)("refuses %s at the subject step", async (_what, content) => {
    await walkTo(h, citizen, "subject");
    const { version } = await h.state(citizen);
    await h.send(h.messageUpdate(citizen, content as never));
    expect(h.lastText(citizen)).toBe("لطفاً پاسخ را به صورت متن بنویسید.");
    await expectStill("subject", version);
  });

  it("ignores update kinds that carry no answer (reactions, poll answers) and keeps the step", async () => {
    await walkTo(h, citizen, "subject");
    const { version } = await h.state(citizen);
    const calls = h.calls.length;
    const user = { id: citizen, is_bot: false, first_name: "X" };
    await h.send({ update_id: h.newUpdateId(), message_reaction: { chat: { id: citizen, type: "private" }, message_id: 3, user, date: 0, old_reaction: [], new_reaction: [{ type: "emoji", emoji: "👍" }] } } as never);
    await h.send({ update_id: h.newUpdateId(), poll_answer: { poll_id: "p", user, option_ids: [0] } } as never);
    expect(h.calls.length).toBe(calls);
    await expectStill("subject", version);
  });

  it("stores text typed with Arabic letters in Persian letters", async () => {
    await walkTo(h, citizen, "subject");
    await h.text(citizen, "كيفيت پايين خدمات");
    expect((await h.state(citizen)).draft.subject).toBe("کیفیت پایین خدمات");
  });

  it("answers a redelivered answer once", async () => {
    await walkTo(h, citizen, "subject");
    const update = h.messageUpdate(citizen, { text: SUBJECT });
    await h.send(update);
    const calls = h.calls.length;
    await h.send(update);
    expect(h.calls.length).toBe(calls);
    await expectStill("description");
  });
});

describe("bad input at the description step", () => {
  it("refuses a description over 3000 characters", async () => {
    await walkTo(h, citizen, "description");
    await h.text(citizen, "شرح ".repeat(751).trim());
    expect(h.lastText(citizen)).toBe("متن خیلی طولانی است؛ حداکثر ۳٬۰۰۰ حرف مجاز است. لطفاً آن را کوتاه‌تر کنید.");
    await expectStill("description");
  });

  it("refuses a description under 20 characters, emoji only, or with a bidi override", async () => {
    await walkTo(h, citizen, "description");
    await h.text(citizen, "خیلی بد بود");
    expect(h.lastText(citizen)).toBe("متن خیلی کوتاه است؛ دست‌کم ۲۰ حرف بنویسید.");
    await h.text(citizen, "🙁".repeat(30));
    expect(h.lastText(citizen)).toContain("فقط شکلک یا نشانه");
    await h.text(citizen, `${DESCRIPTION}\u202E`);
    expect(h.lastText(citizen)).toContain("جهت‌نمای پنهان");
    await h.sticker(citizen);
    expect(h.lastText(citizen)).toBe("لطفاً پاسخ را به صورت متن بنویسید.");
    await expectStill("description");
    await h.text(citizen, DESCRIPTION);
    await expectStill("attachments");
  });

  it("accepts a description of exactly 3000 characters", async () => {
    await walkTo(h, citizen, "description");
    const long = "ن".repeat(3000);
    await h.text(citizen, long);
    await expectStill("attachments");
    await walkTo(h, citizen, "summary");
    await h.tap(citizen, "تأیید و ثبت نهایی");
    expect((await onlyCase(database.db)).description).toBe(long);
  });
});

describe("bad input at button steps", () => {
  it("asks to choose from the list when text is typed at the kind step", async () => {
    await walkTo(h, citizen, "kind");
    await h.text(citizen, "شکایت");
    expect(h.lastText(citizen)).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    await expectStill("kind");
  });

  it("asks to use the buttons when text is typed at the summary", async () => {
    await walkTo(h, citizen, "summary");
    await h.text(citizen, "تأیید");
    expect(h.lastText(citizen)).toBe("لطفاً برای تأیید یا ویرایش از دکمه‌های زیر خلاصه استفاده کنید.");
    await expectStill("summary");
    expect(await allCases(database.db)).toHaveLength(0);
  });
});

describe("forged and stale buttons", () => {
  it("answers a forged agency id with a toast and keeps the step", async () => {
    await walkTo(h, citizen, "agency");
    const { version } = await h.state(citizen);
    const calls = h.calls.length;
    await h.press(citizen, `${version}:a:999999`);
    expect(h.lastToast()).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    expect(h.calls.slice(calls).map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    await expectStill("agency", version);
  });

  it("answers garbage callback data with a toast and keeps the step", async () => {
    await walkTo(h, citizen, "agency");
    const { version } = await h.state(citizen);
    for (const data of ["garbage", "version:a:999999", `${version}`, ":a:1", `${version}:a:1e3`, `${version}:zz:1`, `${version}:a:abc`]) {
      await h.press(citizen, data);
      expect(h.lastToast(), data).not.toBe("");
    }
    await expectStill("agency", version);
  });

  it("refuses a forged county of another province", async () => {
    await walkTo(h, citizen, "county", { province: "اصفهان" });
    const { version } = await h.state(citizen);
    const tehran = h.findButton(citizen, "کاشان").data.replace(/:c:\d+$/, ":c:110");
    await h.press(citizen, tehran);
    expect(h.lastToast()).toBe("لطفاً یکی از گزینه‌های همین پیام را انتخاب کنید.");
    await expectStill("county", version);
  });

  it("refuses a forged confirm sent before the summary", async () => {
    await walkTo(h, citizen, "attachments");
    const { version } = await h.state(citizen);
    await h.press(citizen, `${version}:ok`);
    expect(h.lastToast()).not.toBe("");
    await expectStill("attachments", version);
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("answers a stale button of an earlier step with a toast and keeps the step", async () => {
    await walkTo(h, citizen, "kind");
    const request = h.findButton(citizen, "درخواست");
    await h.tap(citizen, "شکایت");
    await expectStill("agency");
    const { version } = await h.state(citizen);
    await h.send(h.callbackUpdate(citizen, request.data, request.messageId));
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    await expectStill("agency", version);
    expect((await h.state(citizen)).draft.kind).toBe("complaint");
  });

  it("answers a button pressed after the filing was cancelled with a toast", async () => {
    await walkTo(h, citizen, "kind");
    const complaint = h.findButton(citizen, "شکایت");
    await h.text(citizen, "/cancel");
    await h.send(h.callbackUpdate(citizen, complaint.data, complaint.messageId));
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(await h.step(citizen)).toBeNull();
  });
});

describe("commands and form buttons in the middle of filing", () => {
  it.each(["/start", "/mycases", "/track", "/faq", "/lang", "/new", "/unknowncommand"])("answers %s with «finish or cancel» and keeps the step", async (command) => {
    await walkTo(h, citizen, "description");
    const { version } = await h.state(citizen);
    h.newTexts(citizen);
    await h.text(citizen, command);
    expect(h.newTexts(citizen)).toBe("شما در میانهٔ ثبت پرونده هستید. لطفاً این مرحله را کامل کنید یا با «انصراف» (/cancel) خارج شوید.");
    await expectStill("description", version);
    await h.text(citizen, DESCRIPTION);
    await expectStill("attachments");
  });

  it("shows help and then the current prompt again on /help", async () => {
    await walkTo(h, citizen, "subject");
    const { version } = await h.state(citizen);
    h.newTexts(citizen);
    await h.text(citizen, "/help");
    const [help, prompt] = h.newTexts(citizen).split("\n---\n");
    expect(help).toContain("راهنمای همیار:");
    expect(prompt).toBe(SUBJECT_PROMPT);
    await expectStill("subject", version);
  });

  it("shows the buttons of a button step again on /help, and they work", async () => {
    await walkTo(h, citizen, "kind");
    await h.text(citizen, "/help");
    expect(h.lastText(citizen)).toBe("مرحلهٔ ۱ از ۱۲\nنوع پرونده را انتخاب کنید:");
    await h.tap(citizen, "درخواست");
    await expectStill("agency");
  });

  it("cancels with /cancel: nothing is filed and the main menu comes back", async () => {
    await walkTo(h, citizen, "summary");
    await h.text(citizen, "/cancel");
    expect(h.lastText(citizen)).toBe("لغو شد. اطلاعات واردشده ذخیره نشد.");
    expect(h.replyKeyboard(citizen)).toEqual(MAIN_MENU);
    expect(await h.step(citizen)).toBeNull();
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("cancels with the «❌ انصراف» button at a text step and at a contact step", async () => {
    await walkTo(h, citizen, "subject");
    await h.text(citizen, "❌ انصراف");
    expect(h.lastText(citizen)).toBe("لغو شد. اطلاعات واردشده ذخیره نشد.");
    expect(h.replyKeyboard(citizen)).toEqual(MAIN_MENU);
    expect(await h.step(citizen)).toBeNull();

    await walkTo(h, citizen, "contact");
    await h.text(citizen, "❌ انصراف");
    expect(h.lastText(citizen)).toBe("لغو شد. اطلاعات واردشده ذخیره نشد.");
    expect(await h.step(citizen)).toBeNull();
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("cancels at the summary with the form's one «❌ انصراف» button (the summary has no second one)", async () => {
    await walkTo(h, citizen, "summary");
    expect(h.inlineLabels(citizen).filter((l) => l.includes("انصراف"))).toEqual([]);
    await h.text(citizen, "❌ انصراف");
    expect(h.lastText(citizen)).toBe("لغو شد. اطلاعات واردشده ذخیره نشد.");
    expect(h.replyKeyboard(citizen)).toEqual(MAIN_MENU);
    expect(await h.step(citizen)).toBeNull();
    expect(await allCases(database.db)).toHaveLength(0);
  });

  it("shows only the help outside a form, and the menu for text it does not understand", async () => {
    await h.text(citizen, "/help");
    expect(h.lastText(citizen)).toContain("راهنمای همیار:");
    await h.text(citizen, "سلام");
    expect(h.lastText(citizen)).toBe("متوجه نشدم. لطفاً یکی از گزینه‌های منو را انتخاب کنید.");
    expect(h.replyKeyboard(citizen)).toEqual(MAIN_MENU);
    await h.text(citizen, "/foo");
    expect(h.lastText(citizen)).toBe("این دستور را نمی‌شناسم. برای دیدن دستورها /help را بفرستید.");
  });

  it("says there is nothing to cancel outside a flow", async () => {
    await h.text(citizen, "/cancel");
    expect(h.lastText(citizen)).toBe("کاری در جریان نیست که لغو شود.");
  });

  it("goes one step back with «↩️ مرحلهٔ قبل»", async () => {
    await walkTo(h, citizen, "description");
    await h.text(citizen, "↩️ مرحلهٔ قبل");
    await expectStill("subject");
    expect(h.lastText(citizen)).toBe(SUBJECT_PROMPT);
    await h.text(citizen, "↩️ مرحلهٔ قبل");
    await expectStill("county");
    expect(h.lastText(citizen)).toContain("شهرستان را انتخاب کنید:");
    await h.tap(citizen, "شمیرانات");
    // Answers given before are kept: the subject is not asked again.
    await expectStill("description");
    expect(h.lastText(citizen)).toContain(DESCRIPTION_PROMPT);
  });

  it("goes back from the location step to the attachments step", async () => {
    await walkTo(h, citizen, "location");
    await h.text(citizen, "↩️ مرحلهٔ قبل");
    await expectStill("attachments");
    expect(h.lastText(citizen)).toContain("📎 اگر عکس، سند");
    // The attachments step's «فعلاً نه» keyboard replaces the location keyboard.
    expect(h.replyKeyboard(citizen)).toEqual([[{ text: "فعلاً نه" }], [{ text: "↩️ مرحلهٔ قبل" }, { text: "❌ انصراف" }]]);
  });

  it("says the first step has no previous step", async () => {
    await walkTo(h, citizen, "kind");
    await h.text(citizen, "↩️ مرحلهٔ قبل");
    expect(h.lastText(citizen)).toBe("این نخستین مرحله است.");
    await expectStill("kind");
  });
});

describe("confirming exactly once", () => {
  it("files one case when confirm is tapped twice", async () => {
    await walkTo(h, citizen, "summary");
    const confirm = h.findButton(citizen, "تأیید و ثبت نهایی");
    await h.send(h.callbackUpdate(citizen, confirm.data, confirm.messageId));
    await h.send(h.callbackUpdate(citizen, confirm.data, confirm.messageId));
    expect(await allCases(database.db)).toHaveLength(1);
    expect(h.lastToast()).toBe("این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام استفاده کنید.");
    expect(h.sent(citizen).filter((c) => c.payload.text.includes("کد رهگیری:"))).toHaveLength(1);
  });

  it("files one case when the same confirm update is delivered twice", async () => {
    await walkTo(h, citizen, "summary");
    const confirm = h.findButton(citizen, "تأیید و ثبت نهایی");
    const update = h.callbackUpdate(citizen, confirm.data, confirm.messageId);
    await h.send(update);
    const calls = h.calls.length;
    await h.send(update);
    expect(h.calls.length).toBe(calls); // the redelivery is acknowledged and ignored: no second reply
    expect(await allCases(database.db)).toHaveLength(1);
  });

  it("files one case when both taps arrive at the same time", async () => {
    await walkTo(h, citizen, "summary");
    const confirm = h.findButton(citizen, "تأیید و ثبت نهایی");
    await Promise.all([h.send(h.callbackUpdate(citizen, confirm.data, confirm.messageId)), h.send(h.callbackUpdate(citizen, confirm.data, confirm.messageId))]);
    expect(await allCases(database.db)).toHaveLength(1);
  });
});

describe("updates that are not answers", () => {
  it("says edits are not applied and keeps the step", async () => {
    await walkTo(h, citizen, "description");
    const { version } = await h.state(citizen);
    await h.editedText(citizen, "عنوان اصلاح‌شده");
    expect(h.lastText(citizen)).toBe(
      "ویرایش پیام‌ها در نظر گرفته نمی‌شود. اگر می‌خواهید چیزی را اصلاح کنید، آن را دوباره بفرستید یا در خلاصهٔ پرونده گزینهٔ ویرایش را بزنید.",
    );
    await expectStill("description", version);
    expect((await h.state(citizen)).draft.subject).toBe(SUBJECT);
  });

  it("tells a group once that it works in private only, then stays silent", async () => {
    const group = -100555;
    await h.groupText(group, citizen, "سلام همیار");
    const toGroup = () => h.sent(group);
    expect(toGroup()).toHaveLength(1);
    expect(toGroup()[0].payload.text).toContain("همیار فقط در گفتگوی خصوصی کار می‌کند");
    await h.groupText(group, citizen, "/start");
    await h.groupText(group, citizen + 1, "📝 ثبت درخواست / شکایت");
    expect(toGroup()).toHaveLength(1);
    expect(h.calls.filter((c) => c.payload.chat_id === group)).toHaveLength(1);
  });
});

describe("language switched in the middle of filing", () => {
  // A language button from an earlier /lang message still works inside a form; the back/cancel keyboard
  // must follow the new language, or «❌ انصراف» on screen would become the case's subject.
  it("still cancels with the cancel button shown on screen after the language changed", async () => {
    await h.text(citizen, "/lang");
    const english = h.findButton(citizen, "English");
    await walkTo(h, citizen, "subject");
    await h.send(h.callbackUpdate(citizen, english.data, english.messageId));
    const cancel = h.replyKeyboard(citizen).flat().find((b) => b.text.startsWith("❌"))!.text;
    await h.text(citizen, cancel);
    expect(await h.step(citizen)).toBeNull();
  });
});

describe("a lone UTF-16 surrogate (half an emoji from a broken client)", () => {
  const BROKEN = "قبض آب \uD83D گران است و کسی پاسخ نمی‌دهد";
  const steps = ["kind", "agency", "topic", "province", "county", "subject", "description", "attachments", "location", "contact", "national_id"] as const;

  it.each(steps)("gets the %s step's own answer, never the generic error, and the step stays", async (step) => {
    await walkTo(h, citizen, step);
    const { version } = await h.state(citizen);
    h.newTexts(citizen);
    await h.text(citizen, BROKEN);
    const said = h.newTexts(citizen);
    expect(said).not.toContain("خطایی رخ داد");
    expect(said.length).toBeGreaterThan(0);
    await expectStill(step);
    // A text answer where buttons are asked for is refused without moving; at a text step the state is unchanged.
    if (["subject", "description"].includes(step)) {
      expect(said).toContain("متن شامل نشانه‌های کنترلی یا جهت‌نمای پنهان است");
      await expectStill(step, version);
    }
  });
});
