import type { Actor } from "./access.ts";

// What a submission freezes, the same for a county's monthly and a province's quarterly report: the
// figures it was drafted from and the texts as written, by whom and when.

export interface WrittenSections {
  narrative: string | null;
  obstacles: string | null;
  proposals: string | null;
}

/** The columns of a new version row (monthly_report_versions or quarterly_report_versions), less its report and number. */
export function frozenVersion(report: WrittenSections, figures: object, actor: Actor, now: Date) {
  return {
    figures: figures as Record<string, unknown>,
    narrative: report.narrative,
    obstacles: report.obstacles,
    proposals: report.proposals,
    submittedBy: "userId" in actor ? actor.userId : null,
    submittedAt: now,
  };
}
