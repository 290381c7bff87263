import { listStaff, revokeStaff } from "../../core/staff.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Step } from "../types.ts";
import { listSeparator, matchesQuery } from "../../core/persian.ts";

// The admin's list of staff: who holds which role where, and taking a role back (with a confirm).

interface StaffDraft {
  [key: string]: unknown;
  userId?: number;
}

const label = (env: FlowEnv, s: { name: string | null; username: string | null; role: string; placeFa: string | null; placeEn: string | null }) =>
  [s.name ?? s.username ?? "—", env.t(`role-${s.role}`), env.locale === "fa" ? s.placeFa : s.placeEn].filter(Boolean).join(listSeparator(env.locale));

const listStep = pickListStep<StaffDraft>({
  prefix: "s",
  perPage: 10,
  perRow: 1,
  title: (env) => env.t("staff-title"),
  load: async (env, _d, query) => (await listStaff(env.db, env.actor)).map((s) => ({ id: s.userId, label: label(env, s) })).filter((c) => !query || matchesQuery(c.label, query)),
  onPick: (_env, _draft, userId) => ({ kind: "goto", step: "member", draft: { userId } }),
});

const memberStep: Step<StaffDraft> = {
  async prompt(env, draft): Promise<Message> {
    const s = (await listStaff(env.db, env.actor)).find((x) => x.userId === draft.userId);
    if (!s) return { text: env.t("staff-not-found"), inline: [[{ text: env.t("btn-staff-list"), data: "list" }]] };
    return { text: env.t("staff-card", { who: label(env, s) }), inline: [[{ text: env.t("btn-staff-revoke"), data: "revoke" }], [{ text: env.t("btn-staff-list"), data: "list" }]] };
  },
  async handle(env, draft, input) {
    if (input.type !== "button" || !["revoke", "list"].includes(input.data)) return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "list") return { kind: "goto", step: "list", draft: {} };
    const revoked = await revokeStaff(env.db, env.actor, draft.userId!);
    return { kind: "goto", step: "list", draft: {}, notice: env.t(revoked ? "staff-revoked" : "staff-not-found") };
  },
};

export const staffListFlow: Flow<StaffDraft> = {
  name: "staff",
  interruptible: true,
  roles: ["admin"],
  start: () => ({ kind: "goto", step: "list", draft: {} }),
  steps: { list: listStep, member: memberStep },
};
