import { findOwnCase } from "../core/cases.ts";
import { parseTrackingCode } from "../core/tracking-code.ts";
import { caseCopyable, caseDetailText, followupButton } from "./case-view.ts";
import type { Flow, FlowEnv, Outcome } from "./types.ts";

// Track by code. Someone else's code answers exactly like an unknown one: codes cannot be probed.

type TrackDraft = Record<string, unknown>;

async function lookUp(env: FlowEnv, typed: string): Promise<Outcome<TrackDraft>> {
  const parsed = parseTrackingCode(typed);
  if (!parsed.ok) return { kind: "invalid", error: env.t(parsed.reason === "check_digit" ? "track-typo" : "track-bad-format") };
  const detail = await findOwnCase(env.db, env.user.id, parsed.code);
  if (!detail) return { kind: "invalid", error: env.t("track-not-found") };
  return { kind: "finish", messages: [{ text: caseDetailText(env, detail), copyable: caseCopyable(env, detail), inline: [[followupButton(env, detail)]] }] };
}

export const trackCaseFlow: Flow<TrackDraft> = {
  name: "track_case",
  interruptible: true,
  async start(env, code) {
    if (code) {
      const outcome = await lookUp(env, code);
      if (outcome.kind === "finish") return outcome;
      return { kind: "goto", step: "ask", draft: {}, notice: outcome.kind === "invalid" ? outcome.error : undefined };
    }
    return { kind: "goto", step: "ask", draft: {} };
  },
  steps: {
    ask: {
      prompt: (env) => ({ text: env.t("track-ask") }),
      handle: (env, _draft, input) => (input.type === "text" ? lookUp(env, input.text) : { kind: "invalid", error: env.t("track-bad-format") }),
    },
  },
};
