import { checkText, LIMITS } from "../core/text-input.ts";
import { answerSurvey, findOwnSurvey, isSurveyAnswer, mayObject, objectToAnswer, type SurveyAnswer } from "../core/surveys.ts";
import { localDigits } from "../core/persian.ts";
import { trackingCodeInText } from "../core/tracking-code.ts";
import type { Flow, FlowEnv, InlineButton, Outcome, Step } from "./types.ts";

// The satisfaction survey (نظرسنجی) of a case: solved? → rating 1–5 → optional comment → saved (and sent
// to the agency). After a "no" the citizen may object (اعتراض), which reopens the case. Opened by the
// buttons of the pushed survey question and its reminder, with "<code>:<answer>".

interface SurveyDraft {
  [key: string]: unknown;
  code: string;
  surveyId: number;
  solved?: SurveyAnswer;
  rating?: number;
  /** The answer is on record: steps before it only lead on to the objection offer. */
  saved?: boolean;
}

const COMMENT_LIMITS = { min: 2, max: 1000 } as const;

const code = (env: FlowEnv, draft: SurveyDraft) => trackingCodeInText(draft.code, env.locale);

/** The yes / no / don't know buttons; shared with the pushed question and its reminder. */
export function solvedButtons(env: Pick<FlowEnv, "t">, data: (answer: SurveyAnswer) => string): InlineButton[][] {
  return [[
    { text: env.t("survey-yes"), data: data("yes") },
    { text: env.t("survey-no"), data: data("no") },
    { text: env.t("survey-unknown"), data: data("unknown") },
  ]];
}

/** Once the answer is saved, going back to an earlier step leads on to the objection offer (or the end). */
function afterSaved(env: FlowEnv, draft: SurveyDraft): Outcome<SurveyDraft> {
  if (draft.solved === "no") return { kind: "goto", step: "objection_offer", draft, notice: env.t("survey-already-saved") };
  return { kind: "finish", messages: [{ text: env.t("survey-already-saved") }] };
}

const ratingStep: Step<SurveyDraft> = {
  prompt: (env) => ({
    text: env.t("survey-ask-rating"),
    inline: [[1, 2, 3, 4, 5].map((n) => ({ text: `${localDigits(n, env.locale)} ⭐`, data: `r:${n}` }))],
  }),
  handle(env, draft, input) {
    if (draft.saved) return afterSaved(env, draft);
    const rating = input.type === "button" && /^r:[1-5]$/.test(input.data) ? Number(input.data.slice(2)) : undefined;
    if (!rating) return { kind: "invalid", error: env.t("survey-use-rating-buttons") };
    return { kind: "goto", step: "comment", draft: { ...draft, rating } };
  },
};

async function save(env: FlowEnv, draft: SurveyDraft, comment: string | null): Promise<Outcome<SurveyDraft>> {
  const saved = await answerSurvey(env.db, { surveyId: draft.surveyId, userId: env.user.id, solved: draft.solved!, rating: draft.rating!, comment });
  if (!saved) return { kind: "finish", messages: [{ text: env.t("survey-already-answered") }] };
  if (saved.solved === "no") return { kind: "goto", step: "objection_offer", draft: { ...draft, saved: true }, notice: env.t("survey-saved-sorry") };
  return { kind: "finish", messages: [{ text: env.t("survey-thanks") }] };
}

const commentStep: Step<SurveyDraft> = {
  prompt: (env) => ({ text: env.t("survey-ask-comment", { max: COMMENT_LIMITS.max }), inline: [[{ text: env.t("btn-not-now"), data: "skip" }]] }),
  handle(env, draft, input) {
    if (draft.saved) return afterSaved(env, draft);
    if (input.type === "button" && input.data === "skip") return save(env, draft, null);
    if (input.type !== "text") return { kind: "invalid", error: env.t("survey-comment-expect-text") };
    const check = checkText(input.text, COMMENT_LIMITS);
    if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, COMMENT_LIMITS) };
    return save(env, draft, check.text);
  },
};

const objectionOfferStep: Step<SurveyDraft> = {
  prompt: (env) => ({
    text: env.t("survey-offer-objection"),
    inline: [[{ text: env.t("btn-object"), data: "obj" }], [{ text: env.t("btn-no-objection"), data: "none" }]],
  }),
  handle(env, draft, input) {
    if (input.type === "button" && input.data === "obj") return { kind: "goto", step: "objection", draft };
    if (input.type === "button" && input.data === "none") return { kind: "finish", messages: [{ text: env.t("survey-thanks") }] };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

const objectionStep: Step<SurveyDraft> = {
  prompt: (env, draft) => ({ text: env.t("objection-ask", { code: code(env, draft), max: LIMITS.followup.max }) }),
  async handle(env, draft, input) {
    if (input.type !== "text") return { kind: "invalid", error: env.t("objection-expect-text") };
    const check = checkText(input.text, LIMITS.followup);
    if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, LIMITS.followup) };
    const done = await objectToAnswer(env.db, { surveyId: draft.surveyId, userId: env.user.id, text: check.text, holidays: env.holidays });
    return { kind: "finish", messages: [{ text: env.t(done ? "objection-filed" : "objection-not-allowed", { code: code(env, draft) }) }] };
  },
};

export const surveyFlow: Flow<SurveyDraft> = {
  name: "survey",
  interruptible: false,
  /** arg: "<tracking code>:<yes|no|unknown>", the answer pressed on the pushed question. */
  async start(env, arg) {
    const [trackingCode, answer] = (arg ?? "").split(":");
    const found = trackingCode ? await findOwnSurvey(env.db, env.user.id, trackingCode) : null;
    if (!found?.survey) return { kind: "finish", messages: [{ text: env.t("track-not-found") }] };
    const draft: SurveyDraft = { code: found.trackingCode, surveyId: found.survey.id };
    if (found.survey.answeredAt) {
      // One answer per survey; a citizen who said "no" and has not objected yet may still object.
      if (mayObject(found.survey) && found.caseStatus !== "reopened") {
        return { kind: "goto", step: "objection_offer", draft: { ...draft, solved: "no", saved: true }, notice: env.t("survey-already-answered") };
      }
      return { kind: "finish", messages: [{ text: env.t("survey-already-answered") }] };
    }
    if (!isSurveyAnswer(answer)) return { kind: "finish", messages: [{ text: env.t("track-not-found") }] };
    return { kind: "goto", step: "rating", draft: { ...draft, solved: answer }, notice: env.t(`survey-noted-${answer}`) };
  },
  steps: { rating: ratingStep, comment: commentStep, objection_offer: objectionOfferStep, objection: objectionStep },
};
