import { getAgency, listAgencies } from "../core/catalog.ts";
import { getFaq, isForCivilServants, listFaq, searchFaq, type Faq } from "../core/faq.ts";
import { ltr } from "../core/bidi.ts";
import { cutAtWord } from "../core/persian.ts";
import { checkText, LIMITS } from "../core/text-input.ts";
import { pickListStep } from "./pick-list.ts";
import type { Flow, FlowEnv, InlineButton, Input, Outcome, Step } from "./types.ts";

// Guidance (راهنمایی مراجعین): search the FAQ, read an answer, or find an agency's service desk (میز خدمت).

interface FaqDraft {
  [key: string]: unknown;
  query?: string;
  resultIds?: number[];
  faqId?: number;
  agencyId?: number;
  /** The answer was opened from the civil servants' part: "back" returns there. */
  fromCivilServants?: boolean;
}

const question = (env: FlowEnv, f: { questionFa: string; questionEn: string }) => (env.locale === "fa" ? f.questionFa : f.questionEn);
const deskButton = (env: FlowEnv): InlineButton => ({ text: env.t("btn-service-desk"), data: "desk" });
// Long questions are cut at a word with «…»; the whole question heads its answer.
const QUESTION_LABEL_MAX = 60;
const questionButtons = (env: FlowEnv, list: Faq[]): InlineButton[][] => list.map((f) => [{ text: cutAtWord(question(env, f), QUESTION_LABEL_MAX), data: `q:${f.id}` }]);

const searchStep: Step<FaqDraft> = {
  async prompt(env, draft) {
    const all = await listFaq(env.db);
    if (draft.resultIds) {
      // searchFaq already puts citizens' questions first.
      const shown = draft.resultIds.map((id) => all.find((f) => f.id === id)).filter((f): f is Faq => !!f);
      return { text: env.t("faq-results", { query: draft.query ?? "" }), inline: [...questionButtons(env, shown), [deskButton(env)]] };
    }
    // Citizens' questions open the FAQ; those written for civil servants wait behind their own heading.
    const forStaff = all.some(isForCivilServants);
    return {
      text: env.t("faq-intro"),
      inline: [
        ...questionButtons(env, all.filter((f) => !isForCivilServants(f)).slice(0, 8)),
        ...(forStaff ? [[{ text: env.t("btn-faq-civil-servants"), data: "staff" }]] : []),
        [deskButton(env)],
      ],
    };
  },
  async handle(env, draft, input) {
    if (input.type === "text") {
      const check = checkText(input.text, LIMITS.search);
      if (!check.ok) return { kind: "invalid", error: env.t("search-bad-query") };
      const results = await searchFaq(env.db, check.text);
      if (results.length === 0) return { kind: "invalid", error: env.t("faq-no-match") };
      return { kind: "update", draft: { ...draft, query: check.text, resultIds: results.map((r) => r.id) } };
    }
    if (input.type === "button" && input.data === "desk") return { kind: "goto", step: "desk", draft };
    if (input.type === "button" && input.data === "staff") return { kind: "goto", step: "civil_servants", draft };
    if (input.type === "button" && input.data.startsWith("q:")) {
      const faq = await getFaq(env.db, Number(input.data.slice(2)));
      if (!faq || !faq.active) return { kind: "invalid", error: env.t("choose-from-list") };
      return { kind: "goto", step: "answer", draft: { ...draft, faqId: faq.id, fromCivilServants: false } };
    }
    return { kind: "invalid", error: env.t("faq-type-question") };
  },
};

/** The questions written for civil servants (service desks, inspectors, TASMA), under their own heading. */
const civilServantsStep: Step<FaqDraft> = {
  async prompt(env) {
    const list = (await listFaq(env.db)).filter(isForCivilServants);
    return { text: env.t("faq-civil-servants-title"), inline: [...questionButtons(env, list), [{ text: env.t("btn-back-to-questions"), data: "back" }]] };
  },
  async handle(env, draft, input) {
    if (input.type === "button" && input.data === "back") return { kind: "goto", step: "search", draft: { ...draft, query: undefined, resultIds: undefined } };
    if (input.type === "text") return newSearch(env, draft, input);
    const outcome = await searchStep.handle(env, draft, input);
    return outcome.kind === "goto" && outcome.step === "answer" ? { ...outcome, draft: { ...outcome.draft, fromCivilServants: true } } : outcome;
  },
};

/** A question typed on a step other than the search shows its results (an "update" there would redraw that step). */
async function newSearch(env: FlowEnv, draft: FaqDraft, input: Input): Promise<Outcome<FaqDraft>> {
  const outcome = await searchStep.handle(env, draft, input);
  return outcome.kind === "update" ? { kind: "goto", step: "search", draft: { ...outcome.draft, faqId: undefined } } : outcome;
}

const answerStep: Step<FaqDraft> = {
  async prompt(env, draft) {
    const faq = await getFaq(env.db, draft.faqId!);
    const text = faq ? `❓ ${question(env, faq)}\n\n${env.locale === "fa" ? faq.answerFa : faq.answerEn}` : env.t("choose-from-list");
    return { text, inline: [[{ text: env.t("btn-back-to-questions"), data: "back" }], [deskButton(env)]] };
  },
  async handle(env, draft, input) {
    if (input.type === "button" && input.data === "back") return { kind: "goto", step: draft.fromCivilServants ? "civil_servants" : "search", draft: { ...draft, faqId: undefined } };
    if (input.type === "button" && input.data === "desk") return { kind: "goto", step: "desk", draft };
    if (input.type === "text") return newSearch(env, draft, input);
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

const deskStep = pickListStep<FaqDraft>({
  prefix: "d",
  perPage: 8,
  perRow: 1,
  title: (env) => env.t("desk-ask-agency"),
  load: async (env, _d, query) => (await listAgencies(env, query)).map((a) => ({ id: a.id, label: env.locale === "fa" ? a.nameFa : a.nameEn })),
  onPick: (_env, draft, agencyId) => ({ kind: "goto", step: "desk_contact", draft: { ...draft, agencyId } }),
});

const deskContactStep: Step<FaqDraft> = {
  async prompt(env, draft) {
    const agency = await getAgency(env, draft.agencyId!);
    const desk = agency?.serviceDesk ?? {};
    const lines = [env.t("desk-title", { agency: agency ? (env.locale === "fa" ? agency.nameFa : agency.nameEn) : "—" })];
    // Latin digits: clients turn them into a link that dials (Persian digits are not recognised as a number).
    if (desk.phone) lines.push(`☎️ ${env.t("desk-phone")}: ${ltr(desk.phone)}`);
    if (desk.website) lines.push(`🌐 ${env.t("desk-website")}: ${ltr(desk.website)}`);
    if (desk.hours) lines.push(`🕘 ${env.t("desk-hours")}: ${desk.hours}`);
    if (!desk.phone && !desk.website) lines.push(env.t("desk-unknown"));
    return { text: lines.join("\n"), inline: [[{ text: env.t("btn-other-agency"), data: "desk" }], [{ text: env.t("btn-back-to-questions"), data: "back" }]] };
  },
  handle(env, draft, input) {
    if (input.type === "button" && input.data === "desk") return { kind: "goto", step: "desk", draft };
    if (input.type === "button" && input.data === "back") return { kind: "goto", step: "search", draft };
    if (input.type === "text") return newSearch(env, draft, input);
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

export const faqFlow: Flow<FaqDraft> = {
  name: "faq",
  interruptible: true,
  start: () => ({ kind: "goto", step: "search", draft: {} }),
  steps: { search: searchStep, civil_servants: civilServantsStep, answer: answerStep, desk: deskStep, desk_contact: deskContactStep },
};
