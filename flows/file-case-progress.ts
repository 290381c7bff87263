import { mayBeAnonymous } from "../core/case-kinds.ts";
import { localDigits } from "../core/persian.ts";
import type { CaseDraft } from "./file-case-draft.ts";
import type { FlowEnv, Step } from "./types.ts";

// «مرحلهٔ ۶ از ۱۲» on every prompt of the filing form. Only the steps this case will have are counted: the
// topic when the agency has topics, anonymity for reports, phone and national ID unless filed anonymously.
// What is not known yet counts as the common case (an agency has topics, the kind is not a report), so
// the total can only shrink as the answers come in, never grow.

/** The steps of this case in the order they are asked, the summary last. */
export function stepsOf(d: CaseDraft): string[] {
  return [
    "kind",
    "agency",
    ...(d.agencyHasTopics === false ? [] : ["topic"]),
    "province",
    "county",
    "subject",
    "description",
    "attachments",
    "location",
    ...(d.kind && mayBeAnonymous(d.kind) ? ["anonymity"] : []),
    ...(d.anonymous === true ? [] : ["contact", "national_id"]),
    "summary",
  ];
}

/** «مرحلهٔ ۶ از ۱۲» for a step of this case. */
export function progressLine(env: FlowEnv, d: CaseDraft, step: string): string {
  const steps = stepsOf(d);
  const at = Math.max(0, steps.indexOf(step)) + 1;
  return env.t("file-progress", { step: localDigits(at, env.locale), total: localDigits(steps.length, env.locale) });
}

/** The step with the progress line above its prompt. */
export function withProgress(name: string, step: Step<CaseDraft>): Step<CaseDraft> {
  return {
    ...step,
    async prompt(env, d) {
      const message = await step.prompt(env, d);
      return { ...message, text: `${progressLine(env, d, name)}\n${message.text}` };
    },
  };
}
