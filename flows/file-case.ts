import { agencyUsage, byUsageThenName } from "../core/agency-usage.ts";
import { CASE_KINDS, isCaseKind, mayBeAnonymous } from "../core/case-kinds.ts";
import { getAgency, getCounty, getProvince, getTopic, listAgencies, listCounties, listProvinces, listTopics } from "../core/catalog.ts";
import { matchesQuery } from "../core/persian.ts";
import { checkText, LIMITS } from "../core/text-input.ts";
import { advance, type CaseDraft } from "./file-case-draft.ts";
import { attachmentsStep, contactStep, locationStep, nationalIdStep } from "./file-case-contact.ts";
import { withProgress } from "./file-case-progress.ts";
import { summaryStep } from "./file-case-summary.ts";
import { grid } from "./keyboards.ts";
import { pickListStep } from "./pick-list.ts";
import type { Flow, FlowEnv, Step } from "./types.ts";

// Filing a case (SPEC §1): kind → agency → topic → province → county → subject → description →
// attachments → location → (anonymity for reports) → contact → national ID → summary → confirm.

const name = (env: FlowEnv, row: { nameFa: string; nameEn: string }) => (env.locale === "fa" ? row.nameFa : row.nameEn);
/** The question once answered: «نوع پرونده: شکایت ✔». */
const answer = (env: FlowEnv, field: string, value: string | undefined) => (value ? env.t("file-answered", { field: env.t(`answered-${field}`), value }) : undefined);

const kindStep: Step<CaseDraft> = {
  prompt: (env) => ({
    text: env.t("file-ask-kind"),
    inline: grid(
      CASE_KINDS.map((k) => ({ text: env.t(`kind-${k}`), data: `k:${k}` })),
      2,
    ),
  }),
  handle(env, draft, input) {
    const kind = input.type === "button" && input.data.startsWith("k:") ? input.data.slice(2) : undefined;
    if (!isCaseKind(kind)) return { kind: "invalid", error: env.t("choose-from-list") };
    // Changing a report into another kind withdraws anonymity: only reports may be anonymous. A report that is
    // not already anonymous (new, or edited from another kind, whose draft says anonymous: false) asks the question.
    return advance({ ...draft, kind, anonymous: mayBeAnonymous(kind) ? (draft.anonymous === true ? true : undefined) : false });
  },
  answered: (env, d) => answer(env, "kind", d.kind && env.t(`kind-${d.kind}`)),
};

const agencyStep: Step<CaseDraft> = {
  ...pickListStep<CaseDraft>({
    prefix: "a",
    perPage: 8,
    perRow: 1,
    title: (env) => env.t("file-ask-agency"),
    async load(env, _d, query) {
      const choices = (await listAgencies(env, query)).map((a) => ({ id: a.id, label: name(env, a) }));
      // A search keeps the catalogue's own order (its best matches first); the full list starts with the agencies used most.
      return query ? choices : byUsageThenName(choices, await agencyUsage(env), env.locale);
    },
    async onPick(env, draft, agencyId) {
      const topics = await listTopics(env, agencyId);
      // An agency without topics skips the topic step (null means "asked, none applies").
      return advance({ ...draft, agencyId, agencyHasTopics: topics.length > 0, topicId: topics.length === 0 ? null : undefined });
    },
  }),
  answered: async (env, d) => answer(env, "agency", d.agencyId ? name(env, (await getAgency(env, d.agencyId))!) : undefined),
};

const topicStep: Step<CaseDraft> = {
  ...pickListStep<CaseDraft>({
    prefix: "t",
    perPage: 10,
    perRow: 1,
    title: async (env, draft) => env.t("file-ask-topic", { agency: name(env, (await getAgency(env, draft.agencyId!))!) }),
    load: async (env, draft, query) =>
      (await listTopics(env, draft.agencyId!))
        .filter((t) => !query || matchesQuery(`${t.nameFa} ${t.nameEn}`, query))
        .map((t) => ({ id: t.id, label: name(env, t) })),
    onPick: (_env, draft, topicId) => advance({ ...draft, topicId }),
    extra: {
      buttons: (env) => [{ text: env.t("btn-no-topic"), data: "t0" }],
      handle: (_env, draft, data) => (data === "t0" ? advance({ ...draft, topicId: null }) : null),
    },
  }),
  async answered(env, d) {
    const topic = d.agencyId && d.topicId ? await getTopic(env, d.agencyId, d.topicId) : null;
    return answer(env, "topic", topic ? name(env, topic) : env.t("btn-no-topic"));
  },
};

const provinceStep: Step<CaseDraft> = {
  ...pickListStep<CaseDraft>({
    prefix: "p",
    perPage: 36,
    perRow: 3,
    title: (env) => env.t("file-ask-province"),
    load: async (env, _d, query) => (await listProvinces(env, query)).map((p) => ({ id: p.id, label: name(env, p) })),
    onPick: (_env, draft, provinceId) => advance({ ...draft, provinceId, countyId: undefined }),
  }),
  answered: async (env, d) => answer(env, "province", d.provinceId ? name(env, (await getProvince(env, d.provinceId))!) : undefined),
};

const countyStep: Step<CaseDraft> = {
  ...pickListStep<CaseDraft>({
    prefix: "c",
    perPage: 45,
    perRow: 3,
    title: (env) => env.t("file-ask-county"),
    load: async (env, draft, query) => (await listCounties(env, draft.provinceId!, query)).map((c) => ({ id: c.id, label: name(env, c) })),
    onPick: (_env, draft, countyId) => advance({ ...draft, countyId }),
  }),
  answered: async (env, d) => answer(env, "county", d.provinceId && d.countyId ? name(env, (await getCounty(env, d.provinceId, d.countyId))!) : undefined),
};

/** A step that takes free text within limits into one field of the draft. */
function textStep(field: "subject" | "description", limits: { min: number; max: number }): Step<CaseDraft> {
  return {
    prompt: (env, draft) => ({ text: env.t(`file-ask-${field}`, { min: limits.min, max: limits.max, kind: env.t(`kind-${draft.kind}`) }) }),
    handle(env, draft, input) {
      if (input.type !== "text") return { kind: "invalid", error: env.t("expect-text") };
      const check = checkText(input.text, limits);
      if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, { min: limits.min, max: limits.max }) };
      return advance({ ...draft, [field]: check.text });
    },
  };
}

const anonymityStep: Step<CaseDraft> = {
  prompt: (env) => ({
    text: env.t("file-ask-anonymity"),
    inline: [[{ text: env.t("btn-anonymous"), data: "an:1" }], [{ text: env.t("btn-named"), data: "an:0" }]],
  }),
  handle(env, draft, input) {
    if (input.type !== "button" || !["an:1", "an:0"].includes(input.data)) return { kind: "invalid", error: env.t("choose-from-list") };
    const anonymous = input.data === "an:1";
    // Going anonymous forgets the identity given so far; switching back to named must ask for it again.
    return advance(anonymous ? { ...draft, anonymous, phone: null, phoneVerified: false, nationalId: null, nationalIdDone: false } : { ...draft, anonymous });
  },
  answered: (env, d) => answer(env, "anonymity", env.t(d.anonymous ? "btn-anonymous" : "btn-named")),
};

export const fileCaseFlow: Flow<CaseDraft> = {
  name: "file_case",
  interruptible: false,
  start: (env) => ({ kind: "goto", step: "kind", draft: {}, notice: env.t("file-intro") }),
  steps: Object.fromEntries(
    Object.entries({
      kind: kindStep,
      agency: agencyStep,
      topic: topicStep,
      province: provinceStep,
      county: countyStep,
      subject: textStep("subject", LIMITS.subject),
      description: textStep("description", LIMITS.description),
      attachments: attachmentsStep,
      location: locationStep,
      anonymity: anonymityStep,
      contact: contactStep,
      national_id: nationalIdStep,
      summary: summaryStep,
    }).map(([stepName, step]) => [stepName, withProgress(stepName, step)]),
  ),
};
