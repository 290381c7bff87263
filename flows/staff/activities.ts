import { activityLinks, deleteActivity, parseParticipants, editActivity, findActivity, listActivities, PROGRESS_STATES, setProgress, TRACKED_KINDS, type ActivityKind, type Progress } from "../../core/activities.ts";
import { listAgencies } from "../../core/catalog.ts";
import { DomainError } from "../../core/errors.ts";
import { dayName, fromGregorianKey } from "../../core/jalali-calendar.ts";
import { comma, localDigits, matchesQuery, PART_SEPARATOR } from "../../core/persian.ts";
import { LIMITS } from "../../core/text-input.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Outcome, Step } from "../types.ts";
import { textStep } from "./form-steps.ts";

// The assistant's logged activities: the list (newest first), one activity's card, its progress for
// proposals and processes (rejected needs the reason), a corrected description, deletion with a confirm.
// Changes are refused once the month's report is submitted.

interface ActivitiesDraft {
  [key: string]: unknown;
  activityId?: number;
  progress?: Progress;
}

const localName = (env: FlowEnv, row: { nameFa: string; nameEn: string }) => (env.locale === "fa" ? row.nameFa : row.nameEn);
const show = (activityId: number, notice?: string): Outcome<ActivitiesDraft> => ({ kind: "goto", step: "card", draft: { activityId }, notice });

const locked = (env: FlowEnv, err: unknown, activityId: number): Outcome<ActivitiesDraft> => {
  if (err instanceof DomainError && err.code === "report_locked") return show(activityId, env.t("activity-month-locked"));
  throw err;
};

const listStep = pickListStep<ActivitiesDraft>({
  prefix: "v",
  perPage: 10,
  perRow: 1,
  title: (env) => env.t("activities-title"),
  load: async (env, _d, query) =>
    (await listActivities(env.db, env.actor))
      .map((a) => ({ id: a.id, label: `${dayName(fromGregorianKey(a.occurredOn), env.locale)}${PART_SEPARATOR}${env.t(`activity-kind-${a.kind}`)}`, text: a.description }))
      .filter((c) => !query || matchesQuery(`${c.label} ${c.text}`, query))
      .map(({ id, label }) => ({ id, label })),
  onPick: (_env, _draft, id) => show(id),
});

const cardStep: Step<ActivitiesDraft> = {
  async prompt(env, draft): Promise<Message> {
    const a = await findActivity(env.db, env.actor, draft.activityId!);
    if (!a) return { text: env.t("activity-not-found") };
    const links = await activityLinks(env.db, a.id);
    const agencies = (await listAgencies(env)).filter((g) => links.agencyIds.includes(g.id)).map((g) => localName(env, g));
    const tracked = TRACKED_KINDS.includes(a.kind as ActivityKind);
    const text = env.t("activity-card", {
      kind: env.t(`activity-kind-${a.kind}`),
      day: dayName(fromGregorianKey(a.occurredOn), env.locale),
      participants: localDigits(a.participants, env.locale),
      members: links.members.join(comma(env.locale)) || "—",
      agencies: agencies.join(comma(env.locale)) || "—",
      description: a.description,
      outcome: a.outcome ?? "—",
      photos: localDigits(links.photos, env.locale),
      progress: tracked ? env.t(`progress-${a.progress}`) + (a.progressNote ? ` — ${a.progressNote}` : "") : "—",
    });
    const progressRow = tracked ? [PROGRESS_STATES.filter((p) => p !== a.progress).map((p) => ({ text: env.t(`progress-${p}`), data: `p:${p}` }))] : [];
    return {
      text,
      inline: [
        ...progressRow,
        [{ text: env.t("btn-edit-description"), data: "edit" }, { text: env.t("btn-edit-outcome"), data: "edit_outcome" }],
        [{ text: env.t("btn-edit-participants"), data: "edit_participants" }, { text: env.t("btn-activity-delete"), data: "del" }],
        [{ text: env.t("btn-activities-list"), data: "list" }],
      ],
    };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    const id = draft.activityId!;
    if (input.data === "list") return { kind: "goto", step: "list", draft: {} };
    if (input.data === "edit") return { kind: "goto", step: "description", draft };
    if (input.data === "edit_outcome") return { kind: "goto", step: "outcome", draft };
    if (input.data === "edit_participants") return { kind: "goto", step: "participants", draft };
    if (input.data === "del") return { kind: "goto", step: "confirm_delete", draft };
    const progress = input.data.startsWith("p:") ? (input.data.slice(2) as Progress) : undefined;
    if (!progress || !PROGRESS_STATES.includes(progress)) return { kind: "invalid", error: env.t("choose-from-list") };
    if (progress === "rejected") return { kind: "goto", step: "reason", draft: { ...draft, progress } };
    const saved = await setProgress(env.db, env.actor, id, progress, null);
    return saved ? { kind: "update", draft, notice: env.t("progress-saved") } : { kind: "finish", messages: [{ text: env.t("activity-not-found") }] };
  },
};

const reasonStep = textStep<ActivitiesDraft>({
  prompt: (env) => env.t("progress-ask-reason", LIMITS.reviewNote),
  limits: LIMITS.reviewNote,
  async accept(env, draft, reason) {
    const saved = await setProgress(env.db, env.actor, draft.activityId!, "rejected", reason);
    return saved ? show(saved.id, env.t("progress-saved")) : { kind: "finish", messages: [{ text: env.t("activity-not-found") }] };
  },
});

const descriptionStep = textStep<ActivitiesDraft>({
  prompt: (env) => env.t("activity-ask-description", LIMITS.activityDescription),
  limits: LIMITS.activityDescription,
  accept: (env, draft, description) => corrected(env, draft, { description: description! }),
});

/** Saves a correction while the month is open; the card shows again. */
async function corrected(env: FlowEnv, draft: ActivitiesDraft, changes: Parameters<typeof editActivity>[3]): Promise<Outcome<ActivitiesDraft>> {
  try {
    const saved = await editActivity(env.db, env.actor, draft.activityId!, changes);
    return saved ? show(saved.id, env.t("activity-edited")) : { kind: "finish", messages: [{ text: env.t("activity-not-found") }] };
  } catch (err) {
    return locked(env, err, draft.activityId!);
  }
}

const outcomeStep = textStep<ActivitiesDraft>({
  prompt: (env) => env.t("activity-ask-outcome", LIMITS.activityOutcome),
  limits: LIMITS.activityOutcome,
  skippable: true,
  accept: (env, draft, outcome) => corrected(env, draft, { outcome }),
});

const participantsStep: Step<ActivitiesDraft> = {
  prompt: (env) => ({ text: env.t("activity-ask-participants") }),
  handle(env, draft, input) {
    const n = input.type === "text" ? parseParticipants(input.text) : null;
    if (n === null) return { kind: "invalid", error: env.t("activity-participants-bad") };
    return corrected(env, draft, { participants: n });
  },
};

const confirmDeleteStep: Step<ActivitiesDraft> = {
  prompt: (env) => ({ text: env.t("activity-confirm-delete"), inline: [[{ text: env.t("btn-yes-delete"), data: "yes" }, { text: env.t("btn-no-keep"), data: "no" }]] }),
  async handle(env, draft, input) {
    if (input.type !== "button" || !["yes", "no"].includes(input.data)) return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "no") return show(draft.activityId!);
    try {
      const deleted = await deleteActivity(env.db, env.actor, draft.activityId!);
      return { kind: "goto", step: "list", draft: {}, notice: env.t(deleted ? "activity-deleted" : "activity-not-found") };
    } catch (err) {
      return locked(env, err, draft.activityId!);
    }
  },
};

export const activitiesFlow: Flow<ActivitiesDraft> = {
  name: "activities",
  interruptible: true,
  roles: ["assistant"],
  start: () => ({ kind: "goto", step: "list", draft: {} }),
  steps: { list: listStep, card: cardStep, reason: reasonStep, description: descriptionStep, outcome: outcomeStep, participants: participantsStep, confirm_delete: confirmDeleteStep },
};
