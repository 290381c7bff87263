import { findFollowupTarget, sendFollowup } from "../core/followups.ts";
import { DomainError } from "../core/errors.ts";
import { checkText, LIMITS } from "../core/text-input.ts";
import { trackingCodeInText } from "../core/tracking-code.ts";
import type { Flow, FlowEnv } from "./types.ts";

// A follow-up message (پیام پیگیری) on one of the citizen's cases, or the answer to the agency's request
// for more information. Opened from a case's detail or a button in a pushed message, with the tracking
// code as its argument; the code is checked against the owner again (button data can be forged).

interface FollowupDraft {
  [key: string]: unknown;
  caseId: number;
  code: string;
}

const agencyName = (env: FlowEnv, a: { agencyFa: string; agencyEn: string }) => (env.locale === "fa" ? a.agencyFa : a.agencyEn);

export const followupFlow: Flow<FollowupDraft> = {
  name: "followup",
  interruptible: false,
  async start(env, code) {
    const target = code ? await findFollowupTarget(env.db, env.user.id, code) : null;
    if (!target) return { kind: "finish", messages: [{ text: env.t("track-not-found") }] };
    return { kind: "goto", step: "text", draft: { caseId: target.caseId, code: target.trackingCode } };
  },
  steps: {
    text: {
      async prompt(env, draft) {
        const target = await findFollowupTarget(env.db, env.user.id, draft.code);
        const code = trackingCodeInText(draft.code, env.locale);
        const max = LIMITS.followup.max;
        if (target?.awaitingInfo) {
          return { text: env.t("followup-ask-info", { code, agency: agencyName(env, target), question: target.question ?? "—", max }) };
        }
        return { text: env.t("followup-ask", { code, agency: target ? agencyName(env, target) : "—", max }) };
      },
      async handle(env, draft, input) {
        if (input.type !== "text") return { kind: "invalid", error: env.t("followup-expect-text") };
        const check = checkText(input.text, LIMITS.followup);
        if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, LIMITS.followup) };
        try {
          const sent = await sendFollowup(env.db, { caseId: draft.caseId, userId: env.user.id, text: check.text, holidays: env.holidays });
          const code = trackingCodeInText(draft.code, env.locale);
          return { kind: "finish", messages: [{ text: env.t(sent.type === "info_provided" ? "followup-info-sent" : "followup-sent", { code }) }] };
        } catch (err) {
          if (err instanceof DomainError && err.code === "case_not_found") return { kind: "finish", messages: [{ text: env.t("track-not-found") }] };
          throw err;
        }
      },
    },
  },
};
