import { STAFF_ROLES, type StaffRole } from "../core/access.ts";
import { listAgencies, listCounties, listProvinces, type County, type Province } from "../core/catalog.ts";
import { createInvite, INVITE_TTL_DAYS, type InviteRegion } from "../core/invites.ts";
import { searchKey } from "../core/persian.ts";
import { listStaff, revokeStaff } from "../core/staff.ts";
import type { Db } from "../db/client.ts";
import { agencyCode, required, wholeNumber, type CommandSpec, type Values } from "./command.ts";
import { line, table, UsageError } from "./output.ts";

// Staff invites and the staff list. The invite code is printed once, on the last line (after the link
// that opens the bot with it, when the bot's username is known); only its hash is stored.

const SYSTEM = { kind: "system" } as const;

/** A province by id or by name (Persian or English, normalised). */
async function findProvince(db: Db, typed: string): Promise<Province> {
  const all = await listProvinces({ db });
  const byId = /^\d+$/.test(typed) ? all.find((p) => p.id === Number(typed)) : undefined;
  const found = byId ?? all.find((p) => searchKey(p.nameFa) === searchKey(typed) || searchKey(p.nameEn) === searchKey(typed) || p.code === typed);
  if (!found) throw new UsageError(`No province "${typed}". Use its id or its name as written in Persian or English (e.g. --province البرز).`);
  return found;
}

/** A county by id or by name; a name several provinces share needs --province. */
async function findCounty(db: Db, typed: string, provinceTyped: string | undefined): Promise<County> {
  const provinces = provinceTyped ? [await findProvince(db, provinceTyped)] : await listProvinces({ db });
  const all = (await Promise.all(provinces.map((p) => listCounties({ db }, p.id)))).flat();
  if (/^\d+$/.test(typed)) {
    const byId = all.find((c) => c.id === Number(typed));
    if (byId) return byId;
  }
  const matches = all.filter((c) => searchKey(c.nameFa) === searchKey(typed) || searchKey(c.nameEn) === searchKey(typed));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new UsageError(`${matches.length} counties are named "${typed}" (ids ${matches.map((c) => c.id).join(", ")}); add --province or use the id.`);
  throw new UsageError(`No county "${typed}"${provinceTyped ? ` in that province` : ""}. Use its id or its name as written in Persian or English.`);
}

async function regionOf(db: Db, role: StaffRole, v: Values, spec: CommandSpec): Promise<InviteRegion> {
  const text = (name: string) => (typeof v[name] === "string" ? (v[name] as string).trim() : undefined);
  if (role === "admin") return { role };
  if (role === "assistant") {
    const county = await findCounty(db, required(v, "county", spec), text("province"));
    return { role, countyId: county.id, provinceId: county.provinceId };
  }
  if (role === "provincial") return { role, provinceId: (await findProvince(db, required(v, "province", spec))).id };
  const code = agencyCode(v, spec, "agency");
  const agency = (await listAgencies({ db })).find((a) => a.code === code);
  if (!agency) throw new UsageError(`No agency with code ${code}. \`hamyar agency list\` shows them.`);
  return { role, agencyId: agency.id };
}

const create: CommandSpec = {
  name: "invite create",
  summary: "Create a one-time staff invite code bound to a role and region",
  usage: "hamyar invite create --role assistant --county NAME|ID [--province NAME|ID] | --role provincial --province NAME|ID | --role ministry --agency CODE | --role admin [--days N]",
  details: [
    `--role     ${STAFF_ROLES.join(", ")}`,
    `--days     how long the code works (default ${INVITE_TTL_DAYS})`,
    "The person sends the bot /join CODE (or opens the printed link). The code is the last line; it is shown only once.",
  ],
  options: { role: { type: "string" }, county: { type: "string" }, province: { type: "string" }, agency: { type: "string" }, days: { type: "string" } },
  async run(ctx, v) {
    const role = required(v, "role", create) as StaffRole;
    if (!STAFF_ROLES.includes(role)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(", ")}, not "${role}".`, create.usage);
    const days = typeof v.days === "string" ? wholeNumber(v.days, "days", 1, 90) : INVITE_TTL_DAYS;
    const db = await ctx.db();
    const region = await regionOf(db, role, v, create);
    const invite = await createInvite(db, SYSTEM, region, { ttlDays: days });
    line(ctx.out, `Created invite ${invite.id} for ${role}; it works once, until ${invite.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
    const link = await ctx.botLink?.(invite.code);
    if (link) line(ctx.out, link);
    line(ctx.out, invite.code);
  },
};

const list: CommandSpec = {
  name: "staff list",
  summary: "List the people who hold a staff role",
  usage: "hamyar staff list",
  options: {},
  async run(ctx) {
    const rows = await listStaff(await ctx.db(), SYSTEM);
    table(
      ctx.out,
      ["id", "platform", "user", "name", "role", "region"],
      rows.map((s) => [String(s.userId), s.platform, String(s.platformUserId), s.name ?? s.username ?? "-", s.role, s.placeEn ?? "-"]),
    );
  },
};

const revoke: CommandSpec = {
  name: "staff revoke",
  summary: "Take a staff role back (the person is a citizen from their next message)",
  usage: "hamyar staff revoke --id N",
  details: ["--id  the id `hamyar staff list` shows"],
  options: { id: { type: "string" } },
  async run(ctx, v) {
    const id = wholeNumber(required(v, "id", revoke), "id", 1, Number.MAX_SAFE_INTEGER);
    if (!(await revokeStaff(await ctx.db(), SYSTEM, id))) throw new UsageError(`User ${id} holds no staff role. \`hamyar staff list\` shows who does.`);
    line(ctx.out, `Revoked the staff role of user ${id}.`);
  },
};

export const inviteCommands = [create];
export const staffCommands = [list, revoke];
