import { DomainError } from "../../core/errors.ts";
import { monthName, type JalaliMonth } from "../../core/jalali-calendar.ts";
import { draftFigures, findMonthlyReport, openMonthlyReport, REPORT_SECTIONS, reportableMonths, saveSection, submitMonthlyReport, type ReportSection } from "../../core/monthly-reports.ts";
import type { Flow, Message, Step } from "../types.ts";
import { periodStep } from "./form-steps.ts";
import { reportButton, sectionStep as writeSectionStep } from "./report-steps.ts";
import { reportText } from "./report-text.ts";

// The assistant's monthly report: pick the month (this one or the last), see the draft the bot made from
// the month's activities and the county's cases, write the narrative, obstacles and proposals, submit.
// A returned report opens again with the representative's note; submitting it makes a new version.

interface ReportDraft {
  [key: string]: unknown;
  reportId?: number;
  section?: ReportSection;
}

const monthStep = periodStep<ReportDraft, JalaliMonth>({
  prompt: "report-ask-month",
  periods: () => reportableMonths().map((m) => ({ period: m, label: (env) => monthName(m, env.locale), data: `${m.jy}-${m.jm}` })),
  open: (env, month) => openMonthlyReport(env.db, env.actor, month),
  closedCode: "month_closed",
  closedError: "report-month-closed",
});

const reportStep: Step<ReportDraft> = {
  async prompt(env, draft): Promise<Message> {
    const report = await findMonthlyReport(env.db, env.actor, draft.reportId!);
    if (!report) return { text: env.t("report-not-found") };
    const text = reportText(env, report, await draftFigures(env.db, env.actor, report));
    if (report.status === "submitted" || report.status === "accepted") return { text: `${text}\n\n${env.t(`report-locked-${report.status}`)}` };
    return {
      text,
      inline: [
        REPORT_SECTIONS.map((s) => ({ text: env.t(`btn-write-${s}`), data: `w:${s}` })),
        [{ text: env.t("btn-report-submit"), data: "submit" }],
      ],
    };
  },
  handle: reportButton,
};

const sectionStep = writeSectionStep<ReportDraft>({ save: (env, id, section, text) => saveSection(env.db, env.actor, id, section, text), notFound: "report-not-found" });

const confirmStep: Step<ReportDraft> = {
  async prompt(env, draft) {
    // A month with no activity and no word written is said so before it goes: an empty report is rarely meant.
    const report = await findMonthlyReport(env.db, env.actor, draft.reportId!);
    const empty = report !== null && !REPORT_SECTIONS.some((s) => report[s]?.trim()) && (await draftFigures(env.db, env.actor, report)).activities.total === 0;
    const text = empty ? `${env.t("report-empty-warning")}\n\n${env.t("report-confirm-submit")}` : env.t("report-confirm-submit");
    return { text, inline: [[{ text: env.t("btn-report-submit-yes"), data: "yes" }, { text: env.t("btn-report-not-yet"), data: "no" }]] };
  },
  async handle(env, draft, input) {
    if (input.type !== "button" || !["yes", "no"].includes(input.data)) return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "no") return { kind: "goto", step: "report", draft: { reportId: draft.reportId } };
    try {
      const submitted = await submitMonthlyReport(env.db, env.actor, draft.reportId!);
      if (!submitted) return { kind: "finish", messages: [{ text: env.t("report-not-found") }] };
      const month = monthName({ jy: submitted.report.jYear, jm: submitted.report.jMonth }, env.locale);
      return { kind: "finish", messages: [{ text: env.t("report-submitted", { month, version: submitted.version }) }] };
    } catch (err) {
      if (err instanceof DomainError && err.code === "report_locked") return { kind: "finish", messages: [{ text: env.t("report-locked-accepted") }] };
      throw err;
    }
  },
};

export const monthlyReportFlow: Flow<ReportDraft> = {
  name: "monthly_report",
  interruptible: false,
  roles: ["assistant"],
  // From a notice's button the report itself opens (the assistant's own county only).
  async start(env, arg) {
    const report = arg ? await findMonthlyReport(env.db, env.actor, Number(arg)) : null;
    return report ? { kind: "goto", step: "report", draft: { reportId: report.id } } : { kind: "goto", step: "month", draft: {} };
  },
  steps: { month: monthStep, report: reportStep, section: sectionStep, confirm: confirmStep },
};
