import { API_SCOPES, createApiKey, defaultScopes, listApiKeys, revokeApiKey } from "../core/api-keys.ts";
import { DomainError } from "../core/errors.ts";
import { agencyCode, required, wholeNumber, type CommandSpec } from "./command.ts";
import { line, table, UsageError } from "./output.ts";

// API keys of agency back-ends. The key is printed once, on the last line, so a script can take it with
// `| tail -n 1`; only its SHA-256 is stored.

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "-");

const create: CommandSpec = {
  name: "apikey create",
  summary: "Create an API key for an agency (or --admin) and print it once",
  usage: "hamyar apikey create --agency CODE [--unit ID] [--name NAME] [--scopes a,b] | --admin [--name NAME] [--scopes a,b]",
  details: [
    `--scopes  comma-separated, from ${API_SCOPES.join(", ")}; default all (an agency key: all but broadcasts:write)`,
    "--unit    limit the key to one unit of the agency (`hamyar unit list`): it sees and answers that unit's region only",
    "--admin   a key that sees every agency's cases",
    "The key is the last line of the output; it cannot be shown again.",
  ],
  options: { agency: { type: "string" }, unit: { type: "string" }, admin: { type: "boolean" }, name: { type: "string" }, scopes: { type: "string" } },
  async run(ctx, v) {
    if (v.admin && v.agency !== undefined) throw new UsageError("Use either --agency CODE or --admin, not both.", create.usage);
    if (!v.admin && v.agency === undefined) throw new UsageError("Say whose key it is: --agency CODE, or --admin.", create.usage);
    const agency = v.admin ? null : agencyCode(v, create, "agency");
    if (v.admin && v.unit !== undefined) throw new UsageError("An admin key has no unit; --unit goes with --agency CODE.", create.usage);
    const unitId = typeof v.unit === "string" ? wholeNumber(v.unit, "unit", 1, 2_147_483_647) : undefined;
    const scopes = typeof v.scopes === "string" ? v.scopes.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
    if (scopes && scopes.length === 0) throw new UsageError(`--scopes is empty; choose from ${API_SCOPES.join(", ")}.`);
    const name = typeof v.name === "string" && v.name.trim() ? v.name.trim() : agency ? `${agency} back-end` : "admin";
    try {
      const key = await createApiKey(await ctx.db(), { agencyCode: agency, name, scopes, unitId });
      const whose = agency ? `agency ${agency}${unitId === undefined ? "" : `, unit ${unitId} only`}` : "admin: all agencies";
      line(ctx.out, `Created API key ${key.id} (${whose}; scopes ${(scopes ?? defaultScopes(agency)).join(",")}; prefix ${key.prefix}).`);
      line(ctx.out, "Store it now: it is shown only this once. Send it as `Authorization: Bearer <key>`.");
      line(ctx.out, key.key);
    } catch (err) {
      if (err instanceof DomainError) throw new UsageError(err.message);
      throw err;
    }
  },
};

const list: CommandSpec = {
  name: "apikey list",
  summary: "List API keys (prefix only, never the key)",
  usage: "hamyar apikey list [--agency CODE]",
  options: { agency: { type: "string" } },
  async run(ctx, v) {
    const agency = v.agency === undefined ? undefined : agencyCode(v, list, "agency");
    const rows = await listApiKeys(await ctx.db(), agency);
    table(
      ctx.out,
      ["id", "agency", "unit", "name", "prefix", "scopes", "created", "last_used", "state"],
      rows.map((k) => [String(k.id), k.agency ?? "(admin)", k.unitId === null ? "-" : String(k.unitId), k.name, `${k.prefix}…`, k.scopes.join(","), day(k.createdAt), day(k.lastUsedAt), k.revokedAt ? `revoked ${day(k.revokedAt)}` : "active"]),
    );
  },
};

const revoke: CommandSpec = {
  name: "apikey revoke",
  summary: "Revoke an API key by id (takes effect on the next request)",
  usage: "hamyar apikey revoke --id N",
  options: { id: { type: "string" } },
  async run(ctx, v) {
    const id = wholeNumber(required(v, "id", revoke), "id", 1, 2_147_483_647);
    if (!(await revokeApiKey(await ctx.db(), id))) throw new UsageError(`No active API key with id ${id}. \`hamyar apikey list\` shows them.`);
    line(ctx.out, `Revoked API key ${id}.`);
  },
};

export const apiKeyCommands = [create, list, revoke];
