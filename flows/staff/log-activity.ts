import { randomUUID } from "node:crypto";
import { ACTIVITY_KINDS, checkActivityDay, logActivity, MAX_PHOTOS, parseParticipants, TRACKED_KINDS, type ActivityKind } from "../../core/activities.ts";
import { listAgencies } from "../../core/catalog.ts";
import { DomainError } from "../../core/errors.ts";
import { dayName, fromGregorianKey, gregorianKey, parseJalaliDate, tehranJalaliDay, type JalaliDay } from "../../core/jalali-calendar.ts";
import { listMembers } from "../../core/network.ts";
import { comma, localDigits, PART_SEPARATOR } from "../../core/persian.ts";
import { LIMITS } from "../../core/text-input.ts";
import type { Flow, FlowEnv, Outcome, Step } from "../types.ts";
import { choiceStep, textStep } from "./form-steps.ts";
import { multiPickStep } from "./multi-pick.ts";

// Logging one activity of the network (seed 004) in a few taps: kind → day (today, yesterday or a typed
// Jalali date) → participants → linked members → linked agencies → description → outcome → photos →
// summary → save. Saving twice (a double tap, a redelivery) logs it once.

interface ActivityDraft {
  [key: string]: unknown;
  nonce?: string;
  kind?: ActivityKind;
  /** The day as a Gregorian key (YYYY-MM-DD) of the Tehran day. */
  day?: string;
  participants?: number;
  memberIds?: number[];
  agencyIds?: number[];
  description?: string;
  outcome?: string | null;
  photos?: { fileId: string; fileUniqueId: string }[];
}

const localName = (env: FlowEnv, row: { nameFa: string; nameEn: string }) => (env.locale === "fa" ? row.nameFa : row.nameEn);

const kindStep = choiceStep<ActivityDraft, ActivityKind>({
  prompt: (env) => env.t("activity-ask-kind"),
  options: ACTIVITY_KINDS,
  labelPrefix: "activity-kind-",
  perRow: 1,
  accept: (_env, draft, kind) => ({ kind: "goto", step: "day", draft: { ...draft, kind } }),
});

function dayOutcome(env: FlowEnv, draft: ActivityDraft, day: JalaliDay): Outcome<ActivityDraft> {
  const check = checkActivityDay(day);
  if (check === "future") return { kind: "invalid", error: env.t("activity-day-future") };
  if (check === "too_old") return { kind: "invalid", error: env.t("activity-day-too-old") };
  return { kind: "goto", step: "participants", draft: { ...draft, day: gregorianKey(day) } };
}

const dayStep: Step<ActivityDraft> = {
  prompt: (env) => ({
    text: env.t("activity-ask-day", { example: localDigits("1405/09/12", env.locale) }),
    inline: [[{ text: env.t("btn-today"), data: "d:0" }, { text: env.t("btn-yesterday"), data: "d:1" }]],
  }),
  handle(env, draft, input) {
    if (input.type === "button" && (input.data === "d:0" || input.data === "d:1")) {
      // Tehran keeps +03:30 all year now, so 24 hours back is yesterday there.
      return dayOutcome(env, draft, tehranJalaliDay(new Date(Date.now() - (input.data === "d:1" ? 86_400_000 : 0))));
    }
    if (input.type !== "text") return { kind: "invalid", error: env.t("activity-day-format") };
    const parsed = parseJalaliDate(input.text);
    if (!parsed.ok) return { kind: "invalid", error: env.t(parsed.reason === "no_such_day" ? "activity-day-no-such-day" : "activity-day-format") };
    return dayOutcome(env, draft, parsed.day);
  },
};

const participantsStep: Step<ActivityDraft> = {
  prompt: (env) => ({ text: env.t("activity-ask-participants") }),
  async handle(env, draft, input) {
    const n = input.type === "text" ? parseParticipants(input.text) : null;
    if (n === null) return { kind: "invalid", error: env.t("activity-participants-bad") };
    const hasMembers = (await listMembers(env.db, env.actor, { activeOnly: true })).length > 0;
    return { kind: "goto", step: hasMembers ? "members" : "agencies", draft: { ...draft, participants: n, memberIds: [] } };
  },
};

const membersStep = multiPickStep<ActivityDraft>({
  prefix: "m",
  field: "memberIds",
  perPage: 8,
  title: (env) => env.t("activity-ask-members"),
  load: async (env, _d, query) => (await listMembers(env.db, env.actor, { query, activeOnly: true })).map((m) => ({ id: m.id, label: m.name })),
  done: (_env, draft, ids) => ({ kind: "goto", step: "agencies", draft: { ...draft, memberIds: ids } }),
});

const agenciesStep = multiPickStep<ActivityDraft>({
  prefix: "a",
  field: "agencyIds",
  perPage: 8,
  title: (env) => env.t("activity-ask-agencies"),
  load: async (env, _d, query) => (await listAgencies(env, query)).map((a) => ({ id: a.id, label: localName(env, a) })),
  done: (_env, draft, ids) => ({ kind: "goto", step: "description", draft: { ...draft, agencyIds: ids } }),
});

const descriptionStep = textStep<ActivityDraft>({
  prompt: (env) => env.t("activity-ask-description", LIMITS.activityDescription),
  limits: LIMITS.activityDescription,
  accept: (_env, draft, description) => ({ kind: "goto", step: "outcome", draft: { ...draft, description: description! } }),
});

const outcomeStep = textStep<ActivityDraft>({
  prompt: (env) => env.t("activity-ask-outcome", LIMITS.activityOutcome),
  limits: LIMITS.activityOutcome,
  skippable: true,
  accept: (_env, draft, outcome) => ({ kind: "goto", step: "photos", draft: { ...draft, outcome, photos: [] } }),
});

const photosStep: Step<ActivityDraft> = {
  prompt(env, draft) {
    const n = draft.photos?.length ?? 0;
    return {
      text: env.t("activity-ask-photos", { max: localDigits(MAX_PHOTOS, env.locale), count: localDigits(n, env.locale) }),
      inline: [[{ text: env.t(n > 0 ? "btn-attachments-done" : "btn-no-attachments"), data: "ph:done" }]],
    };
  },
  handle(env, draft, input) {
    const list = draft.photos ?? [];
    if (input.type === "button" && input.data === "ph:done") return { kind: "goto", step: "summary", draft };
    if (input.type === "file" && input.file.kind === "photo") {
      if (list.length >= MAX_PHOTOS) return { kind: "invalid", error: env.t("attachments-full", { max: localDigits(MAX_PHOTOS, env.locale) }) };
      if (list.some((p) => p.fileUniqueId === input.file.fileUniqueId)) return { kind: "invalid", error: env.t("attachment-duplicate") };
      const photos = [...list, { fileId: input.file.fileId, fileUniqueId: input.file.fileUniqueId }];
      return { kind: "update", draft: { ...draft, photos }, quiet: true, notice: env.t("attachment-received", { count: localDigits(photos.length, env.locale), max: localDigits(MAX_PHOTOS, env.locale) }) };
    }
    return { kind: "invalid", error: env.t("activity-expect-photo") };
  },
};

async function summaryText(env: FlowEnv, d: ActivityDraft): Promise<string> {
  const members = (await listMembers(env.db, env.actor)).filter((m) => d.memberIds?.includes(m.id)).map((m) => m.name);
  const agencies = (await listAgencies(env)).filter((a) => d.agencyIds?.includes(a.id)).map((a) => localName(env, a));
  return env.t("activity-summary", {
    kind: env.t(`activity-kind-${d.kind}`),
    day: dayName(fromGregorianKey(d.day!), env.locale),
    participants: localDigits(d.participants ?? 0, env.locale),
    members: members.join(comma(env.locale)) || "—",
    agencies: agencies.join(comma(env.locale)) || "—",
    description: d.description ?? "",
    outcome: d.outcome ?? "—",
    photos: localDigits(d.photos?.length ?? 0, env.locale),
  });
}

const summaryStep: Step<ActivityDraft> = {
  prompt: async (env, draft) => ({
    text: await summaryText(env, draft),
    inline: [[{ text: env.t("btn-activity-save"), data: "save" }], [{ text: env.t("btn-activity-restart"), data: "restart" }]],
  }),
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "restart") return { kind: "goto", step: "kind", draft: { nonce: randomUUID() } };
    if (input.data !== "save") return { kind: "invalid", error: env.t("choose-from-list") };
    try {
      const saved = await logActivity(
        env.db,
        env.actor,
        {
          kind: draft.kind!,
          day: fromGregorianKey(draft.day!),
          participants: draft.participants!,
          memberIds: draft.memberIds ?? [],
          agencyIds: draft.agencyIds ?? [],
          description: draft.description!,
          outcome: draft.outcome ?? null,
          photos: (draft.photos ?? []).map((p) => ({ platform: env.platform, ...p })),
        },
        `activity:${draft.nonce}`,
      );
      const tracked = TRACKED_KINDS.includes(saved.kind as ActivityKind);
      return { kind: "finish", messages: [{ text: env.t(tracked ? "activity-saved-tracked" : "activity-saved", { kind: env.t(`activity-kind-${saved.kind}`) }) }] };
    } catch (err) {
      if (err instanceof DomainError && err.code === "report_locked") return { kind: "invalid", error: env.t("activity-month-locked") };
      if (err instanceof DomainError && err.code.startsWith("day_")) return { kind: "goto", step: "day", draft, notice: env.t("activity-day-too-old") };
      throw err;
    }
  },
};

export const logActivityFlow: Flow<ActivityDraft> = {
  name: "log_activity",
  interruptible: false,
  roles: ["assistant"],
  start: () => ({ kind: "goto", step: "kind", draft: { nonce: randomUUID() } }),
  steps: {
    kind: kindStep,
    day: dayStep,
    participants: participantsStep,
    members: membersStep,
    agencies: agenciesStep,
    description: descriptionStep,
    outcome: outcomeStep,
    photos: photosStep,
    summary: summaryStep,
  },
};

/** For lists: «۱۲ آذر ۱۴۰۵ — نشست تخصصی با دستگاه‌ها». */
export const activityLine = (env: FlowEnv, a: { kind: string; occurredOn: string }) => `${dayName(fromGregorianKey(a.occurredOn), env.locale)}${PART_SEPARATOR}${env.t(`activity-kind-${a.kind}`)}`;
