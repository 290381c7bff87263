import type { Emulator, EmuMessage } from "../../bot/emulator/emulator.ts";
import type { LatencyRecorder } from "./stats.ts";

// What one simulated citizen does to file a complaint, as taps and typing on the emulator. The same
// script drives Hamyar and the reference bots (bench/reference/, which show the same labels). It finds its
// buttons as a person would: the agency by typing its name into the list's search (Hamyar lists agencies by
// recent use, so no page is fixed), a province or county on the page shown or else by searching for it.
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
const both = (a: Expect, b: Expect): Expect => (m) => a(m) && b(m);
const hasButtons: Expect = (m) => inlineButtons(m).length > 0;

/**
 * The button a person picks for `label`: one whose label is exactly it, else the shortest that contains it
 * («آموزش و پرورش» picks «وزارت آموزش و پرورش», not a longer name that also holds the words).
 */
function buttonFor(m: EmuMessage, label: string) {
  const buttons = inlineButtons(m).filter((b) => b.text.includes(label));
  return buttons.find((b) => b.text === label) ?? buttons.sort((a, b) => a.text.length - b.text.length)[0];
}

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
  private async act<T>(what: string, send: () => Promise<T>, expect: Expect, o: { first?: boolean } = {}): Promise<{ reply: EmuMessage; sent: T }> {
    const seq = this.emu.botSeq(this.id);
    this.rec.updatesSent++;
    const t0 = performance.now();
    const delivered = send();
    // The citizen's first update: how long until anything at all came back (recorded per citizen).
    if (o.first) this.emu.waitForBot(this.id, seq, () => true, REPLY_TIMEOUT_MS).then(() => this.rec.recordFirstReply(performance.now() - t0), () => {});
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

  type(text: string, expect: Expect, o: { first?: boolean } = {}) {
    return this.act(`typing «${text.slice(0, 30)}»`, () => this.emu.sendText(this.id, text), expect, o).then((r) => r.reply);
  }

  press(label: string, expect: Expect) {
    return this.act(`pressing «${label}»`, () => this.emu.pressReplyButton(this.id, label), expect).then((r) => r.reply);
  }

  /** Taps the inline button labelled `label` on `message`; the bot must also answer the callback query. */
  async tap(message: EmuMessage, label: string, expect: Expect): Promise<EmuMessage> {
    const button = buttonFor(message, label);
    if (button?.callback_data === undefined) throw new CitizenGaveUp(`no button «${label}» on «${message.text?.slice(0, 80)}»`);
    const what = `tapping «${label}»`;
    const { reply, sent } = await this.act(what, () => this.emu.pressInlineButton(this.id, message.message_id, { data: button.callback_data }), expect);
    await this.emu.waitForCallbackAnswer(sent.callbackQueryId, REPLY_TIMEOUT_MS).catch((err: Error) => {
      throw new CitizenGaveUp(`${what}: ${err.message}`);
    });
    return reply;
  }

  /**
   * Picks `label` from a list `message` shows (recognised by `list`): taps it when it is on the page shown,
   * else types it into the list's search first, as a person would.
   */
  async choose(message: EmuMessage, label: string, list: Expect, expect: Expect): Promise<EmuMessage> {
    if (!buttonFor(message, label)) message = await this.type(label, both(list, withInline(label)));
    return this.tap(message, label, expect);
  }
}

/** The agency list (Hamyar and the peer ask the same question), in any order and on any page. */
const agencyList = withText(/کدام دستگاه/);
const provinceList = withText(/استان محل موضوع/);
const countyList = withText(/شهرستان را انتخاب/);

/** One citizen files a complaint; false (with the reason in `rec.failures`) if a reply did not come or the case was not filed. */
export async function fileComplaint(emu: Emulator, userId: number, rec: LatencyRecorder): Promise<boolean> {
  const c = new Citizen(emu, userId, rec);
  try {
    let m = await c.type("📝 ثبت درخواست / شکایت", withInline("شکایت"), { first: true });
    // The agency list starts with the agencies used most, so a citizen does not look for theirs on it: they
    // type its name into the search and tap the button that matches.
    m = await c.tap(m, "شکایت", both(agencyList, hasButtons));
    m = await c.type("آموزش و پرورش", both(agencyList, withInline("آموزش و پرورش")));
    // Hamyar asks for the agency's topic; the telegraf peer goes straight to the province.
    m = await c.tap(m, "آموزش و پرورش", (x) => withInline("مدارس")(x) || provinceList(x));
    if (withInline("مدارس")(m)) m = await c.tap(m, "مدارس", provinceList);
    m = await c.choose(m, "تهران", provinceList, countyList);
    m = await c.choose(m, "تهران", countyList, withText(/عنوان کوتاهی/));
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
