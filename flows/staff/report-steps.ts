import { DomainError } from "../../core/errors.ts";
import { REPORT_SECTIONS, type ReportSection } from "../../core/monthly-reports.ts";
import { LIMITS } from "../../core/text-input.ts";
import type { Draft, FlowEnv, Input, Outcome, Step } from "../types.ts";
import { textStep } from "./form-steps.ts";

// What the monthly and the quarterly report flows share: the report's buttons (write a section, submit)
// and the step that writes one section.

export interface ReportFlowDraft extends Draft {
  reportId?: number;
  section?: ReportSection;
}

/** The report step's buttons: «✏️ …» opens a section, «📤 …» asks to confirm the submission. */
export function reportButton<D extends ReportFlowDraft>(env: FlowEnv, draft: D, input: Input): Outcome<D> {
  if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
  const section = input.data.startsWith("w:") ? (input.data.slice(2) as ReportSection) : undefined;
  if (section && REPORT_SECTIONS.includes(section)) return { kind: "goto", step: "section", draft: { ...draft, section } };
  if (input.data === "submit") return { kind: "goto", step: "confirm", draft };
  return { kind: "invalid", error: env.t("choose-from-list") };
}

/** Writes one section through `save` (null: the report is not the actor's); a locked report says so. */
export function sectionStep<D extends ReportFlowDraft>(o: { save: (env: FlowEnv, id: number, section: ReportSection, text: string | null) => Promise<{ id: number } | null>; notFound: string }): Step<D> {
  return textStep<D>({
    prompt: (env, draft) => env.t("report-ask-section", { section: env.t(`report-section-${draft.section}`), ...LIMITS.reportSection }),
    limits: LIMITS.reportSection,
    async accept(env, draft, text): Promise<Outcome<D>> {
      const back = (notice: string): Outcome<D> => ({ kind: "goto", step: "report", draft: { reportId: draft.reportId } as D, notice });
      try {
        const saved = await o.save(env, draft.reportId!, draft.section!, text);
        return saved ? back(env.t("report-section-saved")) : { kind: "finish", messages: [{ text: env.t(o.notFound) }] };
      } catch (err) {
        if (err instanceof DomainError && err.code === "report_locked") return back(env.t("report-locked-submitted"));
        throw err;
      }
    },
  });
}
