import { STAFF_ROLES, type StaffRole } from "../../core/access.ts";
import { listAgencies, listCounties, listProvinces } from "../../core/catalog.ts";
import { createInvite, INVITE_TTL_DAYS, inviteLink, type InviteRegion } from "../../core/invites.ts";
import { formatJalaliDate } from "../../core/jalali.ts";
import { localDigits } from "../../core/persian.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Outcome, Step } from "../types.ts";
import { roleText } from "./role-text.ts";

// An admin invites a colleague: role → its region (province and county, province, or agency) → a
// one-time code and the link that opens the bot with it. The code is shown here once and stored hashed.

interface InviteDraft {
  [key: string]: unknown;
  role?: StaffRole;
  provinceId?: number;
}

const name = (env: FlowEnv, row: { nameFa: string; nameEn: string }) => (env.locale === "fa" ? row.nameFa : row.nameEn);

async function created(env: FlowEnv, region: InviteRegion): Promise<Outcome<InviteDraft>> {
  const invite = await createInvite(env.db, env.actor, region);
  const role = await roleText(env, { role: region.role, provinceId: "provinceId" in region ? region.provinceId : null, countyId: "countyId" in region ? region.countyId : null, agencyId: "agencyId" in region ? region.agencyId : null });
  const link = env.botUsername ? inviteLink(env.platform, env.botUsername, invite.code) : null;
  const text = env.t("invite-created", {
    role,
    code: invite.code,
    days: localDigits(INVITE_TTL_DAYS, env.locale),
    expires: formatJalaliDate(invite.expiresAt, env.locale),
    link: link ?? env.t("invite-no-link", { code: invite.code }),
  });
  return { kind: "finish", messages: [{ text, secret: true }] };
}

const roleStep: Step<InviteDraft> = {
  prompt: (env) => ({ text: env.t("invite-ask-role"), inline: STAFF_ROLES.map((r) => [{ text: env.t(`role-${r}`), data: `r:${r}` }]) }),
  handle(env, draft, input) {
    const role = input.type === "button" && input.data.startsWith("r:") ? (input.data.slice(2) as StaffRole) : undefined;
    if (!role || !STAFF_ROLES.includes(role)) return { kind: "invalid", error: env.t("choose-from-list") };
    if (role === "admin") return created(env, { role });
    return { kind: "goto", step: role === "ministry" ? "agency" : "province", draft: { ...draft, role } };
  },
};

const provinceStep = pickListStep<InviteDraft>({
  prefix: "p",
  perPage: 36,
  perRow: 3,
  title: (env) => env.t("invite-ask-province"),
  load: async (env, _d, query) => (await listProvinces(env, query)).map((p) => ({ id: p.id, label: name(env, p) })),
  onPick: (env, draft, provinceId) => (draft.role === "provincial" ? created(env, { role: "provincial", provinceId }) : { kind: "goto", step: "county", draft: { ...draft, provinceId } }),
});

const countyStep = pickListStep<InviteDraft>({
  prefix: "c",
  perPage: 45,
  perRow: 3,
  title: (env) => env.t("invite-ask-county"),
  load: async (env, draft, query) => (await listCounties(env, draft.provinceId!, query)).map((c) => ({ id: c.id, label: name(env, c) })),
  onPick: (env, draft, countyId) => created(env, { role: "assistant", provinceId: draft.provinceId!, countyId }),
});

const agencyStep = pickListStep<InviteDraft>({
  prefix: "a",
  perPage: 8,
  perRow: 1,
  title: (env) => env.t("invite-ask-agency"),
  load: async (env, _d, query) => (await listAgencies(env, query)).map((a) => ({ id: a.id, label: name(env, a) })),
  onPick: (env, _draft, agencyId) => created(env, { role: "ministry", agencyId }),
});

export const inviteFlow: Flow<InviteDraft> = {
  name: "invite",
  interruptible: false,
  roles: ["admin"],
  start: () => ({ kind: "goto", step: "role", draft: {} }),
  steps: { role: roleStep, province: provinceStep, county: countyStep, agency: agencyStep },
};
