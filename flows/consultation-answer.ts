import { answerConsultation } from "../core/consultations.ts";
import { localDigits } from "../core/persian.ts";
import type { Flow } from "./types.ts";
import { textStep } from "./staff/form-steps.ts";

// A network member answers a consultation in their own words (the «✍️ پاسخ می‌دهم» button under it).

interface AnswerDraft {
  [key: string]: unknown;
  deliveryId?: number;
}

export const consultationAnswerFlow: Flow<AnswerDraft> = {
  name: "consultation_answer",
  interruptible: false,
  start: (_env, arg) => ({ kind: "goto", step: "text", draft: { deliveryId: Number(arg) } }),
  steps: {
    text: textStep<AnswerDraft>({
      prompt: (env) => env.t("consultation-ask-text", { min: localDigits(2, env.locale), max: localDigits(1000, env.locale) }),
      limits: { min: 2, max: 1000 },
      async accept(env, draft, text) {
        const result = await answerConsultation(env.db, env.user.id, draft.deliveryId!, { text: text! });
        if (!result.ok) return { kind: "finish", messages: [{ text: env.t("consultation-not-yours") }] };
        return { kind: "finish", messages: [{ text: env.t(result.first ? "consultation-answered" : "consultation-already-answered") }] };
      },
    }),
  },
};
