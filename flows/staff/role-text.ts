import type { StaffRole } from "../../core/access.ts";
import { getAgency, getCounty, getProvince } from "../../core/catalog.ts";
import type { FlowEnv } from "../types.ts";

// How a staff role and its region read in a message: «دستیار مردمی‌سازی شهرستان کرج (استان البرز)».

const localName = (env: Pick<FlowEnv, "locale">, row: { nameFa: string; nameEn: string } | null) => (row ? (env.locale === "fa" ? row.nameFa : row.nameEn) : "—");

export interface RolePlace {
  role: StaffRole;
  provinceId: number | null;
  countyId: number | null;
  agencyId: number | null;
}

/** The region a role is bound to, in words: a county with its province, a province, or an agency; empty for an admin. */
export async function placeText(env: Pick<FlowEnv, "db" | "catalogCache" | "locale" | "t">, p: RolePlace): Promise<string> {
  if (p.role === "assistant" && p.provinceId !== null && p.countyId !== null) {
    const [province, county] = await Promise.all([getProvince(env, p.provinceId), getCounty(env, p.provinceId, p.countyId)]);
    return env.t("place-county", { county: localName(env, county), province: localName(env, province) });
  }
  if (p.role === "provincial" && p.provinceId !== null) return env.t("place-province", { province: localName(env, await getProvince(env, p.provinceId)) });
  if (p.role === "ministry" && p.agencyId !== null) return env.t("place-agency", { agency: localName(env, await getAgency(env, p.agencyId)) });
  return env.t("place-everywhere");
}

/** «دستیار مردمی‌سازی شهرستان کرج (استان البرز)». */
export async function roleText(env: Pick<FlowEnv, "db" | "catalogCache" | "locale" | "t">, p: RolePlace): Promise<string> {
  return env.t("role-in-place", { role: env.t(`role-${p.role}`), place: await placeText(env, p) });
}
