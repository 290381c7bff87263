import { DomainError } from "../../core/errors.ts";
import { checkText } from "../../core/text-input.ts";
import { grid } from "../keyboards.ts";
import type { Draft, FlowEnv, Outcome, Step } from "../types.ts";

// Step builders the staff flows share: one answer of free text, or one choice among fixed options.

/** A free-text answer within limits; `skippable` adds a «فعلاً نه» button that gives null. */
export function textStep<D extends Draft>(o: {
  prompt: (env: FlowEnv, draft: D) => string | Promise<string>;
  limits: { min: number; max: number };
  skippable?: boolean;
  /** Turns the checked text into the next outcome; a string is an error to show (the step stays). */
  accept: (env: FlowEnv, draft: D, value: string | null) => Outcome<D> | string | Promise<Outcome<D> | string>;
}): Step<D> {
  return {
    async prompt(env, draft) {
      const text = await o.prompt(env, draft);
      return o.skippable ? { text, inline: [[{ text: env.t("btn-skip"), data: "skip" }]] } : { text };
    },
    async handle(env, draft, input) {
      let value: string | null;
      if (o.skippable && input.type === "button" && input.data === "skip") value = null;
      else if (input.type !== "text") return { kind: "invalid", error: env.t("expect-text") };
      else {
        const check = checkText(input.text, o.limits);
        if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, o.limits) };
        value = check.text;
      }
      const outcome = await o.accept(env, draft, value);
      return typeof outcome === "string" ? { kind: "invalid", error: outcome } : outcome;
    },
  };
}

/** One choice among fixed options, shown as buttons labelled `${labelPrefix}${option}`. */
export function choiceStep<D extends Draft, T extends string>(o: {
  prompt: (env: FlowEnv, draft: D) => string;
  options: readonly T[];
  labelPrefix: string;
  perRow?: number;
  accept: (env: FlowEnv, draft: D, value: T) => Outcome<D> | Promise<Outcome<D>>;
}): Step<D> {
  return {
    prompt: (env, draft) => ({ text: o.prompt(env, draft), inline: grid(o.options.map((v) => ({ text: env.t(`${o.labelPrefix}${v}`), data: `o:${v}` })), o.perRow ?? 2) }),
    handle(env, draft, input) {
      const value = input.type === "button" && input.data.startsWith("o:") ? (input.data.slice(2) as T) : undefined;
      if (!value || !o.options.includes(value)) return { kind: "invalid", error: env.t("choose-from-list") };
      return o.accept(env, draft, value);
    },
  };
}

/**
 * Picks the period a report is for (a month, a quarter) among the few that may be written, and opens its
 * report; `closedCode` is the DomainError code of a period that can no longer be written.
 */
export function periodStep<D extends Draft, P>(o: {
  prompt: string;
  periods: () => { period: P; label: (env: FlowEnv) => string; data: string }[];
  open: (env: FlowEnv, period: P) => Promise<{ id: number }>;
  closedCode: string;
  closedError: string;
}): Step<D> {
  return {
    prompt: (env) => ({ text: env.t(o.prompt), inline: o.periods().map((p) => [{ text: p.label(env), data: `pd:${p.data}` }]) }),
    async handle(env, _draft, input) {
      const chosen = input.type === "button" ? o.periods().find((p) => `pd:${p.data}` === input.data) : undefined;
      if (!chosen) return { kind: "invalid", error: env.t("choose-from-list") };
      try {
        const report = await o.open(env, chosen.period);
        return { kind: "goto", step: "report", draft: { reportId: report.id } as unknown as D };
      } catch (err) {
        if (err instanceof DomainError && err.code === o.closedCode) return { kind: "invalid", error: env.t(o.closedError) };
        throw err;
      }
    },
  };
}
