import { AUDIENCE_ROLES, audienceRolesFor, type Audience, type AudienceRole } from "../../core/audiences.ts";
import { findCounty, getProvince, listCounties, listProvinces } from "../../core/catalog.ts";
import { localDigits } from "../../core/persian.ts";
import { pickListStep } from "../pick-list.ts";
import type { Draft, FlowEnv, Outcome, Step } from "../types.ts";

// Who a directive or an announcement is for, asked the same way in both flows: the staff roles (each
// button toggles ✅), then the region — all the country, a province, or one of its counties — and, in the
// preview, the audience in words with how many people it has now and how many of them blocked the bot.

export type StaffAudience = Extract<Audience, { to: "staff" }>;

/** The part of a draft these steps fill in. */
export interface AudienceDraft extends Draft {
  roles?: AudienceRole[];
  rolesDone?: boolean;
  /** null: all the country. */
  provinceId?: number | null;
  /** null: the whole province (or the country). */
  countyId?: number | null;
  regionDone?: boolean;
}


/** Ministries' representatives belong to an agency, not a region: an audience of only them has no region to ask. */
export const needsRegion = (d: AudienceDraft) => (d.roles ?? []).some((r) => r !== "ministry");

/** The staff audience a filled-in draft names. */
export function staffAudience(d: AudienceDraft): StaffAudience {
  const roles = d.roles ?? [];
  if (d.countyId) return { to: "staff", roles, countyIds: [d.countyId] };
  if (d.provinceId) return { to: "staff", roles, provinceIds: [d.provinceId] };
  return { to: "staff", roles };
}

/** The region a filled-in draft names (citizens are narrowed the same way, by where they filed cases). */
export function regionOf(d: AudienceDraft): { provinceIds?: number[]; countyIds?: number[] } {
  if (d.countyId) return { countyIds: [d.countyId] };
  if (d.provinceId) return { provinceIds: [d.provinceId] };
  return {};
}

/** Toggles roles on and off; «ادامه» goes on once at least one is chosen. */
export function rolesStep<D extends AudienceDraft>(o: { prompt: string; next: (env: FlowEnv, draft: D) => Outcome<D> | Promise<Outcome<D>> }): Step<D> {
  return {
    prompt(env, draft) {
      const chosen = new Set(draft.roles ?? []);
      return {
        text: env.t(o.prompt),
        inline: [
          ...audienceRolesFor(env.actor).map((r) => [{ text: `${chosen.has(r) ? "✅" : "◻️"} ${env.t(`audience-role-${r}`)}`, data: `r:${r}` }]),
          [{ text: env.t("btn-audience-continue"), data: "rd" }],
        ],
      };
    },
    handle(env, draft, input) {
      if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
      const roles = draft.roles ?? [];
      if (input.data === "rd") {
        if (roles.length === 0) return { kind: "invalid", error: env.t("audience-pick-a-role") };
        return o.next(env, { ...draft, roles: AUDIENCE_ROLES.filter((r) => roles.includes(r)), rolesDone: true });
      }
      const role = input.data.startsWith("r:") ? (input.data.slice(2) as AudienceRole) : undefined;
      if (!role || !audienceRolesFor(env.actor).includes(role)) return { kind: "invalid", error: env.t("choose-from-list") };
      return { kind: "update", draft: { ...draft, roles: roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role] } };
    },
  };
}

const localName = (env: FlowEnv, row: { nameFa: string; nameEn: string }) => (env.locale === "fa" ? row.nameFa : row.nameEn);

/**
 * The region: a province (or «همهٔ کشور»), then — when `withCounty` says counties matter (assistants are
 * among the audience) — one of its counties (or «همهٔ استان»).
 */
export function regionSteps<D extends AudienceDraft>(o: {
  withCounty: (draft: D) => boolean;
  next: (env: FlowEnv, draft: D) => Outcome<D> | Promise<Outcome<D>>;
}): { province: Step<D>; county: Step<D> } {
  const done = (env: FlowEnv, draft: D, provinceId: number | null, countyId: number | null) => o.next(env, { ...draft, provinceId, countyId, regionDone: true });
  const province = pickListStep<D>({
    prefix: "p",
    perPage: 36,
    perRow: 3,
    title: (env) => env.t("region-ask-province"),
    load: async (env, _d, query) => (await listProvinces(env, query)).map((p) => ({ id: p.id, label: localName(env, p) })),
    onPick: (env, draft, provinceId) => (o.withCounty(draft) ? { kind: "goto", step: "county", draft: { ...draft, provinceId, countyId: null } } : done(env, draft, provinceId, null)),
    extra: {
      buttons: (env) => [{ text: env.t("btn-region-country"), data: "all" }],
      handle: (env, draft, data) => (data === "all" ? done(env, draft, null, null) : null),
    },
  });
  const county = pickListStep<D>({
    prefix: "c",
    perPage: 45,
    perRow: 3,
    title: async (env, draft) => env.t("region-ask-county", { province: (await provinceName(env, draft.provinceId)) ?? "—" }),
    load: async (env, draft, query) => (await listCounties(env, draft.provinceId!, query)).map((c) => ({ id: c.id, label: localName(env, c) })),
    onPick: (env, draft, countyId) => done(env, draft, draft.provinceId!, countyId),
    extra: {
      buttons: (env) => [{ text: env.t("btn-region-province"), data: "allc" }],
      handle: (env, draft, data) => (data === "allc" ? done(env, draft, draft.provinceId!, null) : null),
    },
  });
  return { province, county };
}

async function provinceName(env: FlowEnv, id: number | null | undefined): Promise<string | null> {
  const p = id ? await getProvince(env, id) : null;
  return p ? localName(env, p) : null;
}

/** «همهٔ کشور», «استان البرز», «شهرستان کرج (استان البرز)», or several of them. */
async function regionWords(env: FlowEnv, region: { provinceIds?: number[]; countyIds?: number[] }): Promise<string> {
  const places: string[] = [];
  for (const id of region.provinceIds ?? []) places.push(env.t("place-province", { province: (await provinceName(env, id)) ?? "—" }));
  for (const id of region.countyIds ?? []) {
    const county = await findCounty(env, id);
    places.push(env.t("place-county", { county: county ? localName(env, county) : "—", province: (county && (await provinceName(env, county.provinceId))) ?? "—" }));
  }
  return places.length > 0 ? places.join(env.t("list-separator")) : env.t("region-country");
}

/** An audience in words: who (roles, or citizens who opted in) and where; ministries' representatives are everywhere. */
export async function audienceWords(env: FlowEnv, a: Audience): Promise<string> {
  if (a.to === "users") return env.t("audience-users", { count: localDigits(a.userIds.length, env.locale) });
  const region = { provinceIds: a.provinceIds, countyIds: a.countyIds };
  const somewhere = (a.provinceIds?.length ?? 0) + (a.countyIds?.length ?? 0) > 0;
  if (a.to === "citizens") return somewhere ? env.t("audience-citizens-in", { region: await regionWords(env, region) }) : env.t("audience-citizens");
  const roles = a.roles.map((r) => env.t(`audience-role-${r}`)).join(env.t("list-separator"));
  if (a.roles.every((r) => r === "ministry")) return roles;
  const text = env.t("audience-staff-in", { roles, region: await regionWords(env, region) });
  return a.roles.includes("ministry") && somewhere ? `${text}\n${env.t("audience-ministry-everywhere")}` : text;
}

/** «۱۲ نفر؛ ۲ نفر از آنان ربات را مسدود کرده‌اند و پیام به آنان نمی‌رسد.» */
export function countText(env: FlowEnv, counts: { total: number; blocked: number }): string {
  if (counts.total === 0) return env.t("audience-count-none");
  const total = localDigits(counts.total, env.locale);
  if (counts.blocked === 0) return env.t("audience-count", { total });
  return env.t("audience-count-blocked", { total, blocked: localDigits(counts.blocked, env.locale), reach: localDigits(counts.total - counts.blocked, env.locale) });
}
