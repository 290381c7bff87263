import Fastify from "fastify";
import { Markup, Telegraf, type Context } from "telegraf";

// The peer: the same filing steps written the usual telegraf way, with an in-memory session
// (nothing in a database, nothing exactly-once). Labels match Hamyar's so one script drives both.

interface Draft {
  step: string;
  [key: string]: string;
}
const sessions = new Map<number, Draft>();
const kinds = ["شکایت", "درخواست", "پیشنهاد", "طرح / ایده", "گزارش (تخلف)", "تقدیر و تشکر"];
const agencies = ["وزارت بهداشت، درمان و آموزش پزشکی", "وزارت آموزش و پرورش", "سازمان تأمین اجتماعی", "سازمان امور مالیاتی کشور"];
const provinces = ["آذربایجان شرقی", "اصفهان", "تهران", "خراسان رضوی", "فارس"];
const counties = ["تهران", "ری", "شمیرانات", "اسلامشهر"];
const menu = Markup.keyboard([["📝 ثبت درخواست / شکایت"], ["📂 پرونده‌های من", "🔎 پیگیری با کد رهگیری"]]).resize();
const form = (extra: string[][] = []) => Markup.keyboard([...extra, ["↩️ مرحلهٔ قبل", "❌ انصراف"]]).resize();
const inline = (labels: string[], prefix: string) => Markup.inlineKeyboard(labels.map((l, i) => [Markup.button.callback(l, `${prefix}:${i}`)]));

const bot = new Telegraf(process.env.BOT_TOKEN!, { telegram: { apiRoot: process.env.BOT_API_ROOT! } });
bot.botInfo = { id: Number(process.env.BOT_TOKEN!.split(":")[0]), is_bot: true, first_name: "Ref", username: "ref_bot" } as never;

async function ask(ctx: Context, d: Draft) {
  switch (d.step) {
    case "kind":
      return ctx.reply("نوع پرونده را انتخاب کنید:", inline(kinds, "k"));
    case "agency":
      return ctx.reply("🏛 پرونده مربوط به کدام دستگاه است؟", inline(agencies.filter((a) => !d.query || a.includes(d.query)), "a"));
    case "province":
      return ctx.reply("📍 استان محل موضوع را انتخاب کنید:", inline(provinces, "p"));
    case "county":
      return ctx.reply("شهرستان را انتخاب کنید:", inline(counties, "c"));
    case "subject":
      return ctx.reply("✏️ عنوان کوتاهی بنویسید:");
    case "description":
      return ctx.reply("📝 شرح کامل را بنویسید:");
    case "attachments":
      return ctx.reply("📎 پیوست بفرستید یا «فعلاً نه» را بزنید.", form([["فعلاً نه"]]));
    case "location":
      return ctx.reply("📍 موقعیت یا نشانی:", form([[Markup.button.locationRequest("📍 ارسال موقعیت مکانی").text], ["فعلاً نه"]]));
    case "contact":
      return ctx.reply("📱 شماره:", Markup.keyboard([[Markup.button.contactRequest("📱 ارسال شمارهٔ من")], ["↩️ مرحلهٔ قبل", "❌ انصراف"]]).resize());
    case "national_id":
      return ctx.reply("🪪 کد ملی (اختیاری):", form([["فعلاً نه"]]));
    case "summary":
      return ctx.reply(`📋 خلاصهٔ پرونده\n${d.kind}\n${d.agency}\n${d.subject}`, Markup.inlineKeyboard([[Markup.button.callback("✅ تأیید و ثبت نهایی", "ok")]]));
  }
}

async function goto(ctx: Context, d: Draft, step: string) {
  d.step = step;
  if (ctx.callbackQuery) await ctx.editMessageReplyMarkup(undefined).catch(() => {});
  await ask(ctx, d);
}

bot.on("callback_query", async (ctx) => {
  await ctx.answerCbQuery();
  const d = sessions.get(ctx.from.id);
  const data = "data" in ctx.callbackQuery ? ctx.callbackQuery.data : "";
  if (!d) return;
  const [prefix, index] = data.split(":");
  if (d.step === "kind" && prefix === "k") return goto(ctx, Object.assign(d, { kind: kinds[Number(index)] }), "agency");
  if (d.step === "agency" && prefix === "a") return goto(ctx, Object.assign(d, { agency: agencies[Number(index)] }), "province");
  if (d.step === "province" && prefix === "p") return goto(ctx, d, "county");
  if (d.step === "county" && prefix === "c") return goto(ctx, d, "subject");
  if (d.step === "summary" && prefix === "ok") {
    sessions.delete(ctx.from.id);
    await ctx.editMessageReplyMarkup(undefined).catch(() => {});
    const code = String(100000000 + Math.floor(Math.random() * 899999999)).replace(/\d/g, (x) => "۰۱۲۳۴۵۶۷۸۹"[Number(x)]);
    const grouped = code.replace(/(.{3})(?=.)/g, "$1\u00A0");
    return ctx.reply(`✅ ثبت شد.\n🔖 کد رهگیری: \u2066${grouped}\u2069`, menu);
  }
});

bot.on("message", async (ctx) => {
  const m = ctx.message as { text?: string; contact?: unknown; location?: unknown };
  const text = m.text ?? "";
  if (text === "📝 ثبت درخواست / شکایت") {
    const d: Draft = { step: "kind" };
    sessions.set(ctx.from.id, d);
    await ctx.reply("ثبت پرونده جدید آغاز شد.", form());
    return ask(ctx, d);
  }
  const d = sessions.get(ctx.from.id);
  if (!d) return ctx.reply("از منو انتخاب کنید.", menu);
  if (d.step === "agency" && text) return goto(ctx, Object.assign(d, { query: text }), "agency");
  if (d.step === "subject" && text) return goto(ctx, Object.assign(d, { subject: text }), "description");
  if (d.step === "description" && text) return goto(ctx, Object.assign(d, { description: text }), "attachments");
  if (d.step === "attachments" && text === "فعلاً نه") return goto(ctx, d, "location");
  if (d.step === "location") return goto(ctx, d, "contact");
  if (d.step === "contact" && m.contact) {
    await ctx.reply("✅ شمارهٔ شما دریافت شد.");
    return goto(ctx, d, "national_id");
  }
  if (d.step === "national_id") {
    await ctx.reply("✔️ ثبت شد.", form());
    return goto(ctx, d, "summary");
  }
});

const app = Fastify({ logger: false });
app.post("/webhook/telegram", async (req) => {
  await bot.handleUpdate(req.body as never);
  return { ok: true };
});
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
console.log("ready");
