import { DomainError } from "../../core/errors.ts";
import { monthName } from "../../core/jalali-calendar.ts";
import { findMonthlyReport, listMonthlyReports, reviewMonthlyReport, reportVersions } from "../../core/monthly-reports.ts";
import { listSeparator, localDigits, matchesQuery } from "../../core/persian.ts";
import type { MonthlyFigures } from "../../core/report-figures.ts";
import { LIMITS } from "../../core/text-input.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Outcome, Step } from "../types.ts";
import { textStep } from "./form-steps.ts";
import { reportText } from "./report-text.ts";

// The provincial representative's inbox of monthly reports: the province's reports, those awaiting a
// decision first; one report as submitted (its latest version's figures); accept, or return with a note.
// A report of another province is as unknown as a missing one, also through a forged button.

interface ReviewDraft {
  [key: string]: unknown;
  reportId?: number;
  /** The report just accepted: its message shows the new status in place of the buttons (Step.answered). */
  decided?: number;
}

const open = (reportId: number, notice?: string): Outcome<ReviewDraft> => ({ kind: "goto", step: "report", draft: { reportId }, notice });

const listStep = pickListStep<ReviewDraft>({
  prefix: "r",
  perPage: 10,
  perRow: 1,
  title: (env) => env.t("review-title"),
  load: async (env, _d, query) => {
    const rows = await listMonthlyReports(env.db, env.actor, { status: ["submitted", "returned", "accepted"] });
    const waiting = (s: string) => (s === "submitted" ? 0 : 1);
    return rows
      .sort((a, b) => waiting(a.r.status) - waiting(b.r.status))
      .map(({ r, county }) => ({ id: r.id, label: `${r.status === "submitted" ? "🆕 " : ""}${[county[env.locale], monthName({ jy: r.jYear, jm: r.jMonth }, env.locale), env.t(`report-status-${r.status}`)].join(listSeparator(env.locale))}` }))
      .filter((c) => !query || matchesQuery(c.label, query));
  },
  onPick: (_env, _draft, id) => open(id),
});

async function submittedText(env: FlowEnv, reportId: number): Promise<{ text: string; status: string } | null> {
  const report = await findMonthlyReport(env.db, env.actor, reportId);
  if (!report) return null;
  const [row] = await listMonthlyReports(env.db, env.actor, { countyId: report.countyId, month: { jy: report.jYear, jm: report.jMonth } });
  const latest = (await reportVersions(env.db, report.id)).at(-1);
  if (!latest) return null;
  const text = reportText(env, { ...report, narrative: latest.narrative, obstacles: latest.obstacles, proposals: latest.proposals }, latest.figures as unknown as MonthlyFigures, row?.county[env.locale]);
  return { text: `${text}\n\n${env.t("review-version", { version: localDigits(latest.version, env.locale) })}`, status: report.status };
}

const reportStep: Step<ReviewDraft> = {
  async prompt(env, draft): Promise<Message> {
    const shown = await submittedText(env, draft.reportId!);
    if (!shown) return { text: env.t("report-not-found"), inline: [[{ text: env.t("btn-review-list"), data: "list" }]] };
    const decide = shown.status === "submitted" ? [[{ text: env.t("btn-review-accept"), data: "accept" }, { text: env.t("btn-review-return"), data: "return" }]] : [];
    return { text: shown.text, inline: [...decide, [{ text: env.t("btn-review-list"), data: "list" }]] };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "list") return { kind: "goto", step: "list", draft: {} };
    if (input.data === "return") return { kind: "goto", step: "note", draft };
    if (input.data !== "accept") return { kind: "invalid", error: env.t("choose-from-list") };
    return decide(env, draft.reportId!, "accepted", null);
  },
  // An accepted report's message reads «پذیرفته‌شده», not the «در انتظار بررسی» it was pressed under.
  answered: async (env, draft) => (draft.decided ? (await submittedText(env, draft.decided))?.text : undefined),
};

async function decide(env: FlowEnv, reportId: number, decision: "accepted" | "returned", note: string | null): Promise<Outcome<ReviewDraft>> {
  try {
    const row = await reviewMonthlyReport(env.db, env.actor, reportId, decision, note);
    if (!row) return { kind: "finish", messages: [{ text: env.t("report-not-found") }] };
    return { kind: "goto", step: "list", draft: { decided: reportId }, notice: env.t(decision === "accepted" ? "review-accepted" : "review-returned") };
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_submitted") return open(reportId, env.t("review-not-submitted"));
    throw err;
  }
}

const noteStep = textStep<ReviewDraft>({
  prompt: (env) => env.t("review-ask-note", LIMITS.reviewNote),
  limits: LIMITS.reviewNote,
  accept: (env, draft, note) => decide(env, draft.reportId!, "returned", note),
});

export const reviewReportsFlow: Flow<ReviewDraft> = {
  name: "review_reports",
  interruptible: true,
  roles: ["provincial"],
  async start(env, arg) {
    const id = Number(arg);
    if (arg && Number.isSafeInteger(id) && (await findMonthlyReport(env.db, env.actor, id))) return open(id);
    return { kind: "goto", step: "list", draft: {} };
  },
  steps: { list: listStep, report: reportStep, note: noteStep },
};
