import type { Emulator } from "../../bot/emulator/emulator.ts";
import type { LatencyRecorder } from "./stats.ts";

// What one simulated citizen does to file a complaint, as taps and typing on the emulator. The same
// script drives Hamyar and the telegraf reference bot (which shows the same labels).

function lastBotMessageWith(emu: Emulator, userId: number, label: string) {
  const messages = emu.messages(userId);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.from !== "bot") continue;
    const button = m.reply_markup?.inline_keyboard?.flat().find((b: { text: string }) => b.text.includes(label));
    if (button) return { messageId: m.message_id, data: button.callback_data as string };
  }
  throw new Error(`citizen ${userId}: no button "${label}"; last: ${messages.at(-1)?.text?.slice(0, 200)}`);
}

const lastBotText = (emu: Emulator, userId: number) => [...emu.messages(userId)].reverse().find((m) => m.from === "bot")?.text ?? "";

export async function fileComplaint(emu: Emulator, userId: number, rec: LatencyRecorder): Promise<boolean> {
  const tap = (label: string) =>
    rec.measure(() => {
      const b = lastBotMessageWith(emu, userId, label);
      return emu.pressInlineButton(userId, b.messageId, { data: b.data });
    });
  const type = (text: string) => rec.measure(() => emu.sendText(userId, text));
  const press = (label: string) => rec.measure(() => emu.pressReplyButton(userId, label));

  await type("📝 ثبت درخواست / شکایت");
  await tap("شکایت");
  await type("آموزش");
  await tap("آموزش و پرورش");
  if (lastBotText(emu, userId).includes("موضوع پرونده در")) await tap("مدارس");
  await tap("تهران");
  await tap("تهران");
  await type("کمبود معلم در مدرسهٔ محله");
  await type("از ابتدای سال تحصیلی کلاس ریاضی پایهٔ نهم مدرسهٔ محلهٔ ما معلم ندارد.");
  await tap("پیوستی ندارم");
  await press("⏭ رد شدن");
  await press("📱 ارسال شمارهٔ من");
  await press("⏭ رد شدن");
  await tap("تأیید و ثبت نهایی");
  return /کد رهگیری: [۰-۹]{9}/.test(lastBotText(emu, userId));
}

/** The same number of webhook requests without a bot behind them (for the bare-HTTP ceiling). */
export async function sendPlainUpdates(emu: Emulator, userId: number, rec: LatencyRecorder, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await rec.measure(() => emu.sendText(userId, `پیام ${i}`));
}
