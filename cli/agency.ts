import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { checkWebhookUrl } from "../core/webhook-url.ts";
import type { Db } from "../db/client.ts";
import { agencies } from "../db/schema.ts";
import { agencyCode, required, wholeNumber, type CommandSpec } from "./command.ts";
import { line, table, UsageError } from "./output.ts";

// Agencies: the starter list is seeded; admins add more, register each back-end's webhook and set
// response deadlines. Running instances see changes within the catalog cache's 15 seconds.

async function agencyByCode(db: Db, code: string) {
  const [row] = await db.select().from(agencies).where(eq(agencies.code, code));
  if (!row) throw new UsageError(`No agency with code ${code}. \`hamyar agency list\` shows the codes.`);
  return row;
}

const list: CommandSpec = {
  name: "agency list",
  summary: "List agencies with their response deadline and webhook URL",
  usage: "hamyar agency list",
  options: {},
  async run(ctx) {
    const rows = await (await ctx.db()).select().from(agencies).orderBy(asc(agencies.code));
    table(
      ctx.out,
      ["code", "sla_days", "active", "webhook", "name_en", "name_fa"],
      rows.map((a) => [a.code, String(a.slaDays), a.active ? "yes" : "no", a.webhookUrl ?? "-", a.nameEn, a.nameFa]),
    );
  },
};

const add: CommandSpec = {
  name: "agency add",
  summary: "Add an agency",
  usage: 'hamyar agency add --code CODE --fa "نام فارسی" --en "English name" [--sla DAYS]',
  details: ["--sla  response deadline in working days (Saturday to Wednesday), 1-365; default 10"],
  options: { code: { type: "string" }, fa: { type: "string" }, en: { type: "string" }, sla: { type: "string" } },
  async run(ctx, v) {
    const code = agencyCode(v, add);
    const nameFa = required(v, "fa", add);
    const nameEn = required(v, "en", add);
    const slaDays = typeof v.sla === "string" ? wholeNumber(v.sla, "sla", 1, 365) : 10;
    const db = await ctx.db();
    const [row] = await db.insert(agencies).values({ code, nameFa, nameEn, slaDays }).onConflictDoNothing({ target: agencies.code }).returning({ id: agencies.id });
    if (!row) throw new UsageError(`An agency with code ${code} already exists.`);
    line(ctx.out, `Added agency ${code} (${nameEn} / ${nameFa}), response deadline ${slaDays} working days.`);
  },
};

const setWebhook: CommandSpec = {
  name: "agency set-webhook",
  summary: "Register (or --clear) the URL where an agency's back-end receives signed webhooks",
  usage: "hamyar agency set-webhook --code CODE --url URL [--secret SECRET] | --code CODE --clear",
  details: [
    "--url     http(s) URL; private and loopback addresses are refused unless ALLOW_PRIVATE_WEBHOOKS=true",
    "--secret  the HMAC-SHA256 signing secret (16+ characters); omitted: a random 32-byte secret is generated and printed once",
    "--clear   stop sending webhooks to this agency",
  ],
  options: { code: { type: "string" }, url: { type: "string" }, secret: { type: "string" }, clear: { type: "boolean" } },
  async run(ctx, v) {
    const code = agencyCode(v, setWebhook);
    if (v.clear) {
      if (v.url !== undefined || v.secret !== undefined) throw new UsageError("--clear takes no --url or --secret.", setWebhook.usage);
      const db = await ctx.db();
      await agencyByCode(db, code);
      await db.update(agencies).set({ webhookUrl: null, webhookSecret: null }).where(eq(agencies.code, code));
      line(ctx.out, `Webhooks of ${code} are off.`);
      return;
    }
    const url = required(v, "url", setWebhook);
    let secret = typeof v.secret === "string" ? v.secret : undefined;
    if (secret !== undefined && !/^[\x21-\x7e]{16,256}$/.test(secret)) {
      throw new UsageError("--secret must be 16 to 256 printable ASCII characters without spaces (or leave it out to generate one).");
    }
    const check = await checkWebhookUrl(url, ctx.allowPrivateWebhooks);
    if (!check.ok) throw new UsageError(`--url refused: ${check.reason}.`);
    const db = await ctx.db();
    await agencyByCode(db, code);
    const generated = secret === undefined;
    secret ??= randomBytes(32).toString("hex");
    await db.update(agencies).set({ webhookUrl: new URL(url.trim()).toString(), webhookSecret: secret }).where(eq(agencies.code, code));
    line(ctx.out, `Webhooks of ${code} go to ${new URL(url.trim()).toString()}.`);
    if (generated) {
      line(ctx.out, "Signing secret (shown only now; the back-end verifies X-Hamyar-Signature with it):");
      line(ctx.out, secret);
    }
  },
};

const setSla: CommandSpec = {
  name: "agency set-sla",
  summary: "Set an agency's response deadline in working days",
  usage: "hamyar agency set-sla --code CODE --days N",
  details: ["Applies to cases filed or referred from now on; existing deadlines stay."],
  options: { code: { type: "string" }, days: { type: "string" } },
  async run(ctx, v) {
    const code = agencyCode(v, setSla);
    const days = wholeNumber(required(v, "days", setSla), "days", 1, 365);
    const db = await ctx.db();
    await agencyByCode(db, code);
    await db.update(agencies).set({ slaDays: days }).where(eq(agencies.code, code));
    line(ctx.out, `Response deadline of ${code}: ${days} working days.`);
  },
};

export const agencyCommands = [list, add, setWebhook, setSla];
