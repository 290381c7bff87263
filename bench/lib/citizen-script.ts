import type { Emulator, EmuMessage } from "../../bot/emulator/emulator.ts";
import type { LatencyRecorder } from "./stats.ts";

// What one simulated citizen does to file a complaint, as taps and typing on the emulator. The same
// script drives Hamyar and the telegraf reference bot (which shows the same labels).
//
// A citizen acts only once they see the bot's reply to their last action, and the latency of an update is
// from sending it until that reply reached the emulator: what a citizen perceives, whether the bot
// replies before its webhook answers or after (replies sent after the commit).

/** A citizen gives up (and counts as failed) when a reply takes longer than this. */
export const REPLY_TIMEOUT_MS = 10_000;

type Expect = (m: EmuMessage) => boolean;

const inlineButtons = (m: EmuMessage): { text: string; callback_data?: string }[] => m.reply_markup?.inline_keyboard?.flat() ?? [];
const replyButtonLabels = (m: EmuMessage): string[] => (m.reply_markup?.keyboard?.flat() ?? []).map((b: string | { text: string }) => (typeof b === "string" ? b : b.text));

/** A message with an inline button whose label contains `label` (and, if given, whose text contains `text`). */
const withInline = (label: string, text?: string): Expect => (m) => inlineButtons(m).some((b) => b.text.includes(label)) && (text === undefined || (m.text ?? "").includes(text));
/** A message that puts a reply keyboard with this button under the input box. */
const withReplyButton = (label: string): Expect => (m) => replyButtonLabels(m).includes(label);
const withText = (pattern: RegExp): Expect => (m) => pattern.test(m.text ?? "");

class CitizenGaveUp extends Error {}

/** Rejects after `ms` unless the promise settled first. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new CitizenGaveUp(what)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class Citizen {
  constructor(
    private emu: Emulator,
    readonly id: number,
    private rec: LatencyRecorder,
  ) {}

  /**
   * Sends one update and waits for the bot's reply that `expect` recognises; records the time until it
   * arrived. Also waits until the platform's delivery was accepted, since the emulator hands a chat's next
   * update over only after that anyway.
   */
  private async act<T>(what: string, send: () => Promise<T>, expect: Expect): Promise<{ reply: EmuMessage; sent: T }> {
    const seq = this.emu.botSeq(this.id);
    this.rec.updatesSent++;
    const t0 = performance.now();
    const delivered = send();
    let accepted = false;
    delivered.then(() => (accepted = true), () => {});
    const waiting = this.emu.waitForBot(this.id, seq, expect, REPLY_TIMEOUT_MS);
    // An update that could not be sent at all (say, the button is gone) ends the wait at once.
    const refused = delivered.then(
      () => new Promise<never>(() => {}),
      (err: Error) => Promise.reject(err),
    );
    const reply = await Promise.race([waiting, refused]).catch((err: Error) => {
      throw new CitizenGaveUp(`${what}: ${err.message}`);
    });
    this.rec.record(performance.now() - t0);
    if (accepted) this.rec.repliesAfterWebhook++;
    const sent = await within(delivered, REPLY_TIMEOUT_MS, `${what}: the webhook did not accept the update in time`);
    return { reply, sent };
  }

  type(text: string, expect: Expect) {
    return this.act(`typing «${text.slice(0, 30)}»`, () => this.emu.sendText(this.id, text), expect).then((r) => r.reply);
  }

  press(label: string, expect: Expect) {
    return this.act(`pressing «${label}»`, () => this.emu.pressReplyButton(this.id, label), expect).then((r) => r.reply);
  }

  /** Taps the inline button labelled `label` on `message`; the bot must also answer the callback query. */
  async tap(message: EmuMessage, label: string, expect: Expect): Promise<EmuMessage> {
    const button = inlineButtons(message).find((b) => b.text.includes(label));
    if (button?.callback_data === undefined) throw new CitizenGaveUp(`no button «${label}» on «${message.text?.slice(0, 80)}»`);
    const what = `tapping «${label}»`;
    const { reply, sent } = await this.act(what, () => this.emu.pressInlineButton(this.id, message.message_id, { data: button.callback_data }), expect);
    await this.emu.waitForCallbackAnswer(sent.callbackQueryId, REPLY_TIMEOUT_MS).catch((err: Error) => {
      throw new CitizenGaveUp(`${what}: ${err.message}`);
    });
    return reply;
  }
}

/** One citizen files a complaint; false (with the reason in `rec.failures`) if a reply did not come or the case was not filed. */
export async function fileComplaint(emu: Emulator, userId: number, rec: LatencyRecorder): Promise<boolean> {
  const c = new Citizen(emu, userId, rec);
  try {
    let m = await c.type("📝 ثبت درخواست / شکایت", withInline("شکایت"));
    m = await c.tap(m, "شکایت", withInline("آموزش و پرورش"));
    m = await c.type("آموزش", withInline("آموزش و پرورش"));
    // Hamyar asks for the agency's topic; the telegraf peer goes straight to the province.
    m = await c.tap(m, "آموزش و پرورش", (x) => withInline("مدارس")(x) || withInline("تهران")(x));
    if (withInline("مدارس")(m)) m = await c.tap(m, "مدارس", withInline("تهران"));
    m = await c.tap(m, "تهران", withInline("تهران", "شهرستان"));
    m = await c.tap(m, "تهران", withText(/عنوان کوتاهی/));
    await c.type("کمبود معلم در مدرسهٔ محله", withText(/شرح کامل/));
    await c.type("از ابتدای سال تحصیلی کلاس ریاضی پایهٔ نهم مدرسهٔ محلهٔ ما معلم ندارد.", withReplyButton("فعلاً نه"));
    await c.press("فعلاً نه", withReplyButton("📍 ارسال موقعیت مکانی"));
    await c.press("فعلاً نه", withReplyButton("📱 ارسال شمارهٔ من"));
    await c.press("📱 ارسال شمارهٔ من", withReplyButton("فعلاً نه"));
    m = await c.press("فعلاً نه", withInline("تأیید و ثبت نهایی"));
    await c.tap(m, "تأیید و ثبت نهایی", withText(/کد رهگیری: \u2066[۰-۹]{3}\u00A0[۰-۹]{3}\u00A0[۰-۹]{3}\u2069/));
    return true;
  } catch (err) {
    if (!(err instanceof CitizenGaveUp)) throw err;
    rec.failures.push(`citizen ${userId}: ${err.message}`);
    return false;
  }
}

/** The same number of webhook requests without a bot behind them (for the bare-HTTP ceiling): latency until the webhook answered. */
export async function sendPlainUpdates(emu: Emulator, userId: number, rec: LatencyRecorder, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await rec.measure(() => emu.sendText(userId, `پیام ${i}`));
}
