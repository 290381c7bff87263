import { randomBytes } from "node:crypto";
import { createUnit, getUnit, listUnits, setUnitWebhook } from "../core/agency-units.ts";
import { DomainError } from "../core/errors.ts";
import { checkWebhookUrl } from "../core/webhook-url.ts";
import { agencyCode, required, wholeNumber, type CommandSpec } from "./command.ts";
import { line, table, UsageError } from "./output.ts";

// Units of an agency: its office in a province (optionally one county). A case filed there goes to the
// unit's webhook URL when it has one; `apikey create --unit ID` makes a key that sees that region only.

const create: CommandSpec = {
  name: "unit create",
  summary: "Add a unit (provincial or county office) to an agency",
  usage: 'hamyar unit create --agency CODE --province CODE [--county "نام شهرستان"] --fa "نام فارسی" --en "English name"',
  details: [
    "--province  a province code, e.g. THR, ESF (`hamyar unit list` shows the seeded ones)",
    "--county    the county's Persian name as in the catalogue; omitted: the whole province",
    "Cases of the agency filed there go to the unit (a county's unit before its province's).",
  ],
  options: { agency: { type: "string" }, province: { type: "string" }, county: { type: "string" }, fa: { type: "string" }, en: { type: "string" } },
  async run(ctx, v) {
    const agency = agencyCode(v, create, "agency");
    const provinceCode = required(v, "province", create);
    const nameFa = required(v, "fa", create);
    const nameEn = required(v, "en", create);
    try {
      const unit = await createUnit(await ctx.db(), { agencyCode: agency, provinceCode, countyFa: typeof v.county === "string" ? v.county : undefined, nameFa, nameEn });
      line(ctx.out, `Added unit ${unit.id} of ${agency} (${nameEn} / ${nameFa}). Give it a key with \`hamyar apikey create --agency ${agency} --unit ${unit.id}\`.`);
    } catch (err) {
      if (err instanceof DomainError) throw new UsageError(err.message);
      throw err;
    }
  },
};

const list: CommandSpec = {
  name: "unit list",
  summary: "List agencies' units with their region and webhook URL",
  usage: "hamyar unit list [--agency CODE]",
  options: { agency: { type: "string" } },
  async run(ctx, v) {
    const agency = v.agency === undefined ? undefined : agencyCode(v, list, "agency");
    const rows = await listUnits(await ctx.db(), agency);
    table(
      ctx.out,
      ["id", "agency", "province", "county", "active", "webhook", "name_en", "name_fa"],
      rows.map((u) => [String(u.id), u.agency, u.province, u.county ?? "-", u.active ? "yes" : "no", u.webhookUrl ?? "-", u.nameEn, u.nameFa]),
    );
  },
};

const setWebhook: CommandSpec = {
  name: "unit set-webhook",
  summary: "Register (or --clear) the URL where a unit's back-end receives its cases' signed webhooks",
  usage: "hamyar unit set-webhook --id N --url URL [--secret SECRET] | --id N --clear",
  details: [
    "--url     http(s) URL; private and loopback addresses are refused unless ALLOW_PRIVATE_WEBHOOKS=true",
    "--secret  the HMAC-SHA256 signing secret (16+ characters); omitted: a random 32-byte secret is generated and printed once",
    "--clear   the unit's cases go to the agency's URL again",
  ],
  options: { id: { type: "string" }, url: { type: "string" }, secret: { type: "string" }, clear: { type: "boolean" } },
  async run(ctx, v) {
    const id = wholeNumber(required(v, "id", setWebhook), "id", 1, 2_147_483_647);
    const db = await ctx.db();
    if (!(await getUnit(db, id))) throw new UsageError(`No unit with id ${id}. \`hamyar unit list\` shows them.`);
    if (v.clear) {
      if (v.url !== undefined || v.secret !== undefined) throw new UsageError("--clear takes no --url or --secret.", setWebhook.usage);
      await setUnitWebhook(db, id, null);
      line(ctx.out, `Webhooks of unit ${id} go to its agency's URL.`);
      return;
    }
    const url = required(v, "url", setWebhook);
    let secret = typeof v.secret === "string" ? v.secret : undefined;
    if (secret !== undefined && !/^[\x21-\x7e]{16,256}$/.test(secret)) {
      throw new UsageError("--secret must be 16 to 256 printable ASCII characters without spaces (or leave it out to generate one).");
    }
    const check = await checkWebhookUrl(url, ctx.allowPrivateWebhooks);
    if (!check.ok) throw new UsageError(`--url refused: ${check.reason}.`);
    const generated = secret === undefined;
    secret ??= randomBytes(32).toString("hex");
    const normalized = new URL(url.trim()).toString();
    await setUnitWebhook(db, id, { url: normalized, secret });
    line(ctx.out, `Webhooks of unit ${id} go to ${normalized}.`);
    if (generated) {
      line(ctx.out, "Signing secret (shown only now; the back-end verifies X-Hamyar-Signature with it):");
      line(ctx.out, secret);
    }
  },
};

export const unitCommands = [create, list, setWebhook];
