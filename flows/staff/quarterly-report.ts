import { REPORT_SECTIONS, type ReportSection } from "../../core/monthly-reports.ts";
import { localDigits } from "../../core/persian.ts";
import {
  draftQuarterlyFigures,
  findQuarterlyReport,
  listQuarterlyReports,
  openQuarterlyReport,
  quarterName,
  reportableQuarters,
  saveQuarterlySection,
  submitQuarterlyReport,
} from "../../core/quarterly-reports.ts";
import type { Flow, Message, Step } from "../types.ts";
import { periodStep } from "./form-steps.ts";
import { reportButton, sectionStep as writeSectionStep } from "./report-steps.ts";
import { quarterlyText } from "./quarterly-text.ts";

// The provincial representative's quarterly report: pick the quarter (this one or the last), see the draft
// the bot made from the counties' monthly reports, write the narrative, obstacles and proposals, send it to
// the admins. A sent report can be amended (a section written again) and sent as the next version.

interface QuarterDraft {
  [key: string]: unknown;
  reportId?: number;
  section?: ReportSection;
}

const quarterStep = periodStep<QuarterDraft, ReturnType<typeof reportableQuarters>[number]>({
  prompt: "qr-ask-quarter",
  periods: () => reportableQuarters().map((q) => ({ period: q, label: (env) => quarterName(q, env.locale), data: `${q.jy}-${q.quarter}` })),
  open: (env, quarter) => openQuarterlyReport(env.db, env.actor, quarter),
  closedCode: "quarter_closed",
  closedError: "qr-quarter-closed",
});

const reportStep: Step<QuarterDraft> = {
  async prompt(env, draft): Promise<Message> {
    const report = await findQuarterlyReport(env.db, env.actor, draft.reportId!);
    if (!report) return { text: env.t("qr-not-found") };
    const [listed] = await listQuarterlyReports(env.db, env.actor, { jy: report.jYear, quarter: report.quarter, provinceId: report.provinceId });
    const text = quarterlyText(env, report, await draftQuarterlyFigures(env.db, env.actor, report), listed?.province[env.locale] ?? "");
    const write = REPORT_SECTIONS.map((s) => ({ text: env.t(`btn-write-${s}`), data: `w:${s}` }));
    if (report.status === "submitted") return { text: `${text}\n\n${env.t("qr-amend-hint")}`, inline: [write] };
    return { text, inline: [write, [{ text: env.t("btn-qr-submit"), data: "submit" }]] };
  },
  handle: reportButton,
};

const sectionStep = writeSectionStep<QuarterDraft>({ save: (env, id, section, text) => saveQuarterlySection(env.db, env.actor, id, section, text), notFound: "qr-not-found" });

const confirmStep: Step<QuarterDraft> = {
  prompt: (env) => ({ text: env.t("qr-confirm-submit"), inline: [[{ text: env.t("btn-qr-submit-yes"), data: "yes" }, { text: env.t("btn-qr-not-yet"), data: "no" }]] }),
  async handle(env, draft, input) {
    if (input.type !== "button" || !["yes", "no"].includes(input.data)) return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "no") return { kind: "goto", step: "report", draft: { reportId: draft.reportId } };
    const submitted = await submitQuarterlyReport(env.db, env.actor, draft.reportId!, { adminPlatformIds: env.adminIds });
    if (!submitted) return { kind: "finish", messages: [{ text: env.t("qr-not-found") }] };
    const version = localDigits(submitted.version, env.locale);
    if (submitted.again) return { kind: "finish", messages: [{ text: env.t("qr-submitted-already", { version }) }] };
    const quarter = quarterName({ jy: submitted.report.jYear, quarter: submitted.report.quarter }, env.locale);
    return { kind: "finish", messages: [{ text: env.t("qr-submitted", { quarter, version }) }] };
  },
};

export const quarterlyReportFlow: Flow<QuarterDraft> = {
  name: "quarterly_report",
  interruptible: false,
  roles: ["provincial"],
  start: () => ({ kind: "goto", step: "quarter", draft: {} }),
  steps: { quarter: quarterStep, report: reportStep, section: sectionStep, confirm: confirmStep },
};
