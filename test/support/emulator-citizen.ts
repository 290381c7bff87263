import type { EmuMessage, Emulator } from "../../bot/emulator/emulator.ts";

// A citizen on the emulator, for tests against a Hamyar process: each action waits for the bot's reply
// to it (replies leave after the commit, so the webhook's answer says nothing about them).

const hasButton = (label: string) => (m: EmuMessage) => !!m.reply_markup?.inline_keyboard?.flat().some((b: { text: string }) => b.text.includes(label));
const hasText = (text: string | RegExp) => (m: EmuMessage) => (typeof text === "string" ? (m.text ?? "").includes(text) : text.test(m.text ?? ""));

export class EmulatorCitizen {
  constructor(
    readonly emu: Emulator,
    readonly id: number,
    readonly timeoutMs = 20_000,
  ) {}

  /** Does `act` and waits for a bot message (sent or edited after it) that `expect` matches. */
  async step(act: () => Promise<unknown>, expect: (m: EmuMessage) => boolean): Promise<EmuMessage> {
    const seq = this.emu.botSeq(this.id);
    let timer: NodeJS.Timeout | undefined;
    // The emulator redelivers an update until the bot accepts it: a bot that is down must not hang the test.
    const accepted = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`citizen ${this.id}: the bot did not accept the update within ${this.timeoutMs} ms`)), this.timeoutMs)));
    await Promise.race([act(), accepted]).finally(() => clearTimeout(timer));
    return this.emu.waitForBot(this.id, seq, expect, this.timeoutMs);
  }

  say(text: string, expectText: string | RegExp) {
    return this.step(() => this.emu.sendText(this.id, text), hasText(expectText));
  }

  /** Sends a text; the reply is expected to carry a button labelled `label`. */
  sayThenButton(text: string, label: string) {
    return this.step(() => this.emu.sendText(this.id, text), hasButton(label));
  }

  press(label: string, expect: (m: EmuMessage) => boolean) {
    return this.step(() => this.emu.pressReplyButton(this.id, label), expect);
  }

  /** Taps the newest inline button labelled `label`; without `expect`, any reply will do. */
  tap(label: string, expect: (m: EmuMessage) => boolean = () => true) {
    return this.step(() => this.pressInline(label), expect);
  }

  /** Taps the newest inline button labelled `label` and resolves once the update was delivered, without waiting for a reply. */
  pressInline(label: string) {
    const messages = this.emu.messages(this.id);
    const m = [...messages].reverse().find((x) => x.from === "bot" && hasButton(label)(x));
    if (!m) throw new Error(`citizen ${this.id}: no button "${label}"; last: ${messages.at(-1)?.text?.slice(0, 200)}`);
    const button = m.reply_markup.inline_keyboard.flat().find((b: { text: string }) => b.text.includes(label));
    return this.emu.pressInlineButton(this.id, m.message_id, { data: button.callback_data });
  }

  /** Walks a complaint to Education (Tehran) up to the question of its subject. */
  async fillUntilSubject(): Promise<void> {
    await this.say("/start", "همیار");
    await this.press("📝 ثبت درخواست / شکایت", hasButton("شکایت"));
    await this.tap("شکایت", hasText("کدام دستگاه"));
    await this.sayThenButton("آموزش", "آموزش و پرورش");
    const next = await this.tap("آموزش و پرورش", (m) => hasText("موضوع پرونده در")(m) || hasText("استان")(m));
    if (hasText("موضوع پرونده در")(next)) await this.tap("مدارس", hasText("استان"));
    await this.tap("تهران", hasText("شهرستان"));
    await this.tap("تهران", hasText("عنوان کوتاهی"));
  }

  /** Walks a complaint to Education (Tehran) up to its summary, where only "confirm" is left. */
  async fillComplaint(): Promise<void> {
    await this.fillUntilSubject();
    await this.say("کمبود معلم در مدرسهٔ محله", "شرح کامل");
    await this.say("از ابتدای سال تحصیلی کلاس ریاضی پایهٔ نهم مدرسهٔ محلهٔ ما معلم ندارد.", "پیوست");
    await this.press("فعلاً نه", hasText("محل موضوع"));
    await this.press("فعلاً نه", hasText("ارسال شمارهٔ من"));
    await this.press("📱 ارسال شمارهٔ من", hasText("کد ملی"));
    await this.press("فعلاً نه", hasButton("تأیید و ثبت نهایی"));
  }

  /** Tracking codes the bot has shown this citizen, in Persian digits, each once. */
  codesShown(): string[] {
    const codes = this.emu
      .messages(this.id)
      .filter((m) => m.from === "bot")
      .flatMap((m) => [...(m.text ?? "").matchAll(/کد رهگیری: \u2066([۰-۹]{3})\u00A0([۰-۹]{3})\u00A0([۰-۹]{3})\u2069/g)].map((x) => x[1] + x[2] + x[3]));
    return [...new Set(codes)];
  }
}

export const withButton = hasButton;
export const withText = hasText;
