import { PsqlAdapter } from "@grammyjs/storage-psql";
import Fastify from "fastify";
import { Bot, InlineKeyboard, Keyboard, session, webhookCallback, type Context, type SessionFlavor } from "grammy";
import pg from "pg";

// The durable peer: the same filing steps as telegraf-bot.ts (same labels, so one citizen script drives
// both), written the usual grammY way, with its session in PostgreSQL through the grammY storage adapter
// @grammyjs/storage-psql over a `pg` pool: each update reads the chat's session row before the handler and
// upserts it after. Nothing else is stored and nothing is exactly-once (no case rows, no outbox): what a
// durable session costs a plain bot. DATABASE_URL is a fresh database the bench made for it.

interface Draft {
  step?: string;
  query?: string;
  kind?: string;
  agency?: string;
  subject?: string;
  description?: string;
}
type Ctx = Context & SessionFlavor<Draft>;

const kinds = ["شکایت", "درخواست", "پیشنهاد", "طرح / ایده", "گزارش (تخلف)", "تقدیر و تشکر"];
const agencies = ["وزارت بهداشت، درمان و آموزش پزشکی", "وزارت آموزش و پرورش", "سازمان تأمین اجتماعی", "سازمان امور مالیاتی کشور"];
const provinces = ["آذربایجان شرقی", "اصفهان", "تهران", "خراسان رضوی", "فارس"];
const counties = ["تهران", "ری", "شمیرانات", "اسلامشهر"];
const menu = new Keyboard().text("📝 ثبت درخواست / شکایت").row().text("📂 پرونده‌های من").text("🔎 پیگیری با کد رهگیری").resized();
const formRow = (k: Keyboard) => k.text("↩️ مرحلهٔ قبل").text("❌ انصراف").resized();
const form = (...extra: string[]) => formRow(extra.reduce((k, label) => k.text(label).row(), new Keyboard()));
const inline = (labels: string[], prefix: string) => InlineKeyboard.from(labels.map((l, i) => [InlineKeyboard.text(l, `${prefix}:${i}`)]));

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL!, max: 10 });
// The adapter is typed for one pg.Client but only calls client.query(text, params), which a Pool has too:
// one connection would queue every citizen's session behind every other's.
const storage = (await PsqlAdapter.create({ tableName: "sessions", client: pool as unknown as pg.Client })) as PsqlAdapter<Draft>;

const token = process.env.BOT_TOKEN!;
const bot = new Bot<Ctx>(token, {
  client: { apiRoot: process.env.BOT_API_ROOT! },
  botInfo: { id: Number(token.split(":")[0]), is_bot: true, first_name: "Ref", username: "ref_bot" } as never,
});
bot.use(session({ initial: (): Draft => ({}), storage }));

async function ask(ctx: Ctx) {
  const d = ctx.session;
  switch (d.step) {
    case "kind":
      return ctx.reply("نوع پرونده را انتخاب کنید:", { reply_markup: inline(kinds, "k") });
    case "agency":
      return ctx.reply("🏛 پرونده مربوط به کدام دستگاه است؟", { reply_markup: inline(agencies.filter((a) => !d.query || a.includes(d.query)), "a") });
    case "province":
      return ctx.reply("📍 استان محل موضوع را انتخاب کنید:", { reply_markup: inline(provinces, "p") });
    case "county":
      return ctx.reply("شهرستان را انتخاب کنید:", { reply_markup: inline(counties, "c") });
    case "subject":
      return ctx.reply("✏️ عنوان کوتاهی بنویسید:");
    case "description":
      return ctx.reply("📝 شرح کامل را بنویسید:");
    case "attachments":
      return ctx.reply("📎 پیوست بفرستید یا «فعلاً نه» را بزنید.", { reply_markup: form("فعلاً نه") });
    case "location":
      return ctx.reply("📍 موقعیت یا نشانی:", { reply_markup: formRow(new Keyboard().requestLocation("📍 ارسال موقعیت مکانی").row().text("فعلاً نه").row()) });
    case "contact":
      return ctx.reply("📱 شماره:", { reply_markup: formRow(new Keyboard().requestContact("📱 ارسال شمارهٔ من").row()) });
    case "national_id":
      return ctx.reply("🪪 کد ملی (اختیاری):", { reply_markup: form("فعلاً نه") });
    case "summary":
      return ctx.reply(`📋 خلاصهٔ پرونده\n${d.kind}\n${d.agency}\n${d.subject}`, { reply_markup: new InlineKeyboard().text("✅ تأیید و ثبت نهایی", "ok") });
  }
}

async function goto(ctx: Ctx, step: string, changes: Partial<Draft> = {}) {
  Object.assign(ctx.session, changes, { step });
  if (ctx.callbackQuery) await ctx.editMessageReplyMarkup().catch(() => {});
  await ask(ctx);
}

bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery();
  const d = ctx.session;
  const [prefix, index] = ctx.callbackQuery.data.split(":");
  if (d.step === "kind" && prefix === "k") return goto(ctx, "agency", { kind: kinds[Number(index)] });
  if (d.step === "agency" && prefix === "a") return goto(ctx, "province", { agency: agencies[Number(index)] });
  if (d.step === "province" && prefix === "p") return goto(ctx, "county");
  if (d.step === "county" && prefix === "c") return goto(ctx, "subject");
  if (d.step === "summary" && prefix === "ok") {
    ctx.session = {};
    await ctx.editMessageReplyMarkup().catch(() => {});
    const code = String(100000000 + Math.floor(Math.random() * 899999999)).replace(/\d/g, (x) => "۰۱۲۳۴۵۶۷۸۹"[Number(x)]);
    const grouped = code.replace(/(.{3})(?=.)/g, "$1\u00A0");
    return ctx.reply(`✅ ثبت شد.\n🔖 کد رهگیری: \u2066${grouped}\u2069`, { reply_markup: menu });
  }
});

bot.on("message", async (ctx) => {
  const text = ctx.message.text ?? "";
  if (text === "📝 ثبت درخواست / شکایت") {
    ctx.session = { step: "kind" };
    await ctx.reply("ثبت پرونده جدید آغاز شد.", { reply_markup: form() });
    return ask(ctx);
  }
  const d = ctx.session;
  if (!d.step) return ctx.reply("از منو انتخاب کنید.", { reply_markup: menu });
  if (d.step === "agency" && text) return goto(ctx, "agency", { query: text });
  if (d.step === "subject" && text) return goto(ctx, "description", { subject: text });
  if (d.step === "description" && text) return goto(ctx, "attachments", { description: text });
  if (d.step === "attachments" && text === "فعلاً نه") return goto(ctx, "location");
  if (d.step === "location") return goto(ctx, "contact");
  if (d.step === "contact" && ctx.message.contact) {
    await ctx.reply("✅ شمارهٔ شما دریافت شد.");
    return goto(ctx, "national_id");
  }
  if (d.step === "national_id") {
    await ctx.reply("✔️ ثبت شد.", { reply_markup: form() });
    return goto(ctx, "summary");
  }
});

const app = Fastify({ logger: false });
app.post("/webhook/telegram", webhookCallback(bot, "fastify"));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
console.log("ready");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}
