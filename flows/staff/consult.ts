import { randomUUID } from "node:crypto";
import { consultationSummary, countyConsultations, linkedMembers, MAX_OPTIONS, startConsultation, type ConsultationSummary } from "../../core/consultations.ts";
import { DomainError } from "../../core/errors.ts";
import { formatJalaliDate } from "../../core/jalali.ts";
import { localDigits } from "../../core/persian.ts";
import type { Flow, FlowEnv, Message, Outcome, Step } from "../types.ts";
import { choiceStep, textStep } from "./form-steps.ts";
import { issuerProgress, sendFinished } from "./progress-message.ts";

// A county's assistant consults the network (seed 004): the question → options or free text → a preview
// with how many linked members it reaches → send, with a live progress message. Past consultations show
// their summary: answers per option, the free-text answers.

interface ConsultDraft {
  [key: string]: unknown;
  nonce?: string;
  question?: string;
  options?: string[];
  consultationId?: number;
}

const n = (env: FlowEnv, x: number) => localDigits(x, env.locale);

/** A consultation's summary as the assistant reads it. */
export function summaryText(env: FlowEnv, s: ConsultationSummary): string {
  const lines = [env.t("consult-summary-title", { question: s.question, date: formatJalaliDate(s.createdAt, env.locale) }), env.t("consult-summary-answered", { answered: n(env, s.answered), asked: n(env, s.asked) })];
  for (const o of s.options) {
    const share = s.answered === 0 ? 0 : Math.round((o.count / s.answered) * 100);
    lines.push(`• ${o.label}: ${n(env, o.count)} (${n(env, share)}٪)`);
  }
  for (const text of s.texts.slice(0, 20)) lines.push(`– ${text}`);
  if (s.texts.length > 20) lines.push(env.t("consult-summary-more", { more: n(env, s.texts.length - 20) }));
  return lines.join("\n");
}

const listStep: Step<ConsultDraft> = {
  async prompt(env): Promise<Message> {
    const actor = env.actor;
    const past = actor.kind === "assistant" ? await countyConsultations(env.db, actor, actor.countyId, undefined, 8) : [];
    const members = actor.kind === "assistant" ? (await linkedMembers(env.db, actor.countyId)).length : 0;
    return {
      text: env.t("consult-menu", { members: n(env, members), past: n(env, past.length) }),
      inline: [[{ text: env.t("consult-new"), data: "new" }], ...past.map((c) => [{ text: `${c.question.slice(0, 40)} (${n(env, c.answered)}/${n(env, c.asked)})`, data: `c:${c.id}` }])],
    };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "new") return { kind: "goto", step: "question", draft: { nonce: randomUUID() } };
    const id = input.data.startsWith("c:") ? Number(input.data.slice(2)) : NaN;
    const summary = Number.isInteger(id) ? await consultationSummary(env.db, env.actor, id) : null;
    if (!summary) return { kind: "invalid", error: env.t("choose-from-list") };
    return { kind: "goto", step: "summary", draft: { ...draft, consultationId: id } };
  },
};

const summaryStep: Step<ConsultDraft> = {
  async prompt(env, draft) {
    const s = await consultationSummary(env.db, env.actor, draft.consultationId!);
    return { text: s ? summaryText(env, s) : env.t("choose-from-list"), inline: [[{ text: env.t("consult-refresh"), data: "refresh" }], [{ text: env.t("consult-back"), data: "back" }]] };
  },
  handle(env, draft, input) {
    if (input.type === "button" && input.data === "refresh") return { kind: "update", draft };
    if (input.type === "button" && input.data === "back") return { kind: "goto", step: "list", draft: {} };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

const questionStep = textStep<ConsultDraft>({
  prompt: (env) => env.t("consult-ask-question", { min: n(env, 10), max: n(env, 1000) }),
  limits: { min: 10, max: 1000 },
  accept: (_env, draft, question) => ({ kind: "goto", step: "shape", draft: { ...draft, question: question! } }),
});

const shapeStep = choiceStep<ConsultDraft, "options" | "text">({
  prompt: (env) => env.t("consult-ask-shape"),
  options: ["options", "text"],
  labelPrefix: "consult-shape-",
  perRow: 1,
  accept: (_env, draft, shape) => (shape === "text" ? { kind: "goto", step: "preview", draft: { ...draft, options: [] } } : { kind: "goto", step: "options", draft }),
});

const optionsStep = textStep<ConsultDraft>({
  prompt: (env) => env.t("consult-ask-options", { max: n(env, MAX_OPTIONS) }),
  limits: { min: 3, max: 600 },
  accept(env, draft, typed) {
    const options = typed!.split(/\n|،|,/).map((o) => o.trim()).filter(Boolean);
    if (options.length < 2 || options.length > MAX_OPTIONS) return env.t("consult-options-count", { count: n(env, options.length), max: n(env, MAX_OPTIONS) });
    if (options.some((o) => o.length > 60)) return env.t("consult-option-long");
    if (new Set(options).size !== options.length) return env.t("consult-option-twice");
    return { kind: "goto", step: "preview", draft: { ...draft, options } };
  },
});

const previewStep: Step<ConsultDraft> = {
  async prompt(env, draft) {
    const members = env.actor.kind === "assistant" ? (await linkedMembers(env.db, env.actor.countyId)).length : 0;
    const options = draft.options!.length ? draft.options!.map((o) => `• ${o}`).join("\n") : env.t("consult-free-text");
    return {
      text: env.t("consult-preview", { question: draft.question!, options, members: n(env, members) }),
      inline: [[{ text: env.t("consult-send"), data: "send" }], [{ text: env.t("consult-edit"), data: "edit" }]],
    };
  },
  async handle(env, draft, input): Promise<Outcome<ConsultDraft>> {
    if (input.type === "button" && input.data === "edit") return { kind: "goto", step: "question", draft: { nonce: draft.nonce } };
    if (input.type !== "button" || input.data !== "send") return { kind: "invalid", error: env.t("choose-from-list") };
    try {
      const members = env.actor.kind === "assistant" ? (await linkedMembers(env.db, env.actor.countyId)).length : 0;
      const progress = issuerProgress(env, input, { kind: "consultation", message: { text: draft.question! }, counts: { total: members, blocked: 0 } });
      const started = await startConsultation(env.db, env.actor, { question: draft.question!, options: draft.options!, key: draft.nonce!, progress });
      return sendFinished(input, [{ text: env.t("consult-sent", { members: n(env, started.total) }) }], progress);
    } catch (err) {
      if (err instanceof DomainError && err.code === "no_linked_members") return { kind: "invalid", error: env.t("consult-no-members") };
      throw err;
    }
  },
};

export const consultFlow: Flow<ConsultDraft> = {
  name: "consult",
  interruptible: false,
  roles: ["assistant"],
  start: () => ({ kind: "goto", step: "list", draft: {} }),
  steps: { list: listStep, summary: summaryStep, question: questionStep, shape: shapeStep, options: optionsStep, preview: previewStep },
};
