import { listSeparator, localDigits, matchesQuery } from "../../core/persian.ts";
import type { QuarterlyFigures } from "../../core/quarterly-figures.ts";
import { findQuarterlyReport, listQuarterlyReports, quarterlyVersions, quarterName } from "../../core/quarterly-reports.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Outcome, Step } from "../types.ts";
import { quarterlyText } from "./quarterly-text.ts";

// The admins' reading of the provinces' quarterly reports: the ones sent, newest quarter first; one report
// as its representative last sent it (the latest version's frozen figures and sections). The notice that a
// report arrived opens it here (its «دیدن گزارش» button). Read only: a quarterly report has no review.

interface ProvinceReportsDraft {
  [key: string]: unknown;
  reportId?: number;
}

const open = (reportId: number): Outcome<ProvinceReportsDraft> => ({ kind: "goto", step: "report", draft: { reportId } });

const listStep = pickListStep<ProvinceReportsDraft>({
  prefix: "q",
  perPage: 10,
  perRow: 1,
  title: (env) => env.t("pr-title"),
  load: async (env, _d, query) =>
    (await listQuarterlyReports(env.db, env.actor, { submittedOnly: true }))
      .map(({ r, province }) => ({
        id: r.id,
        label: [province[env.locale], quarterName({ jy: r.jYear, quarter: r.quarter }, env.locale), env.t("pr-version", { version: localDigits(r.version, env.locale) })].join(listSeparator(env.locale)),
      }))
      .filter((c) => !query || matchesQuery(c.label, query)),
  onPick: (_env, _draft, id) => open(id),
});

/** The latest version sent, as its representative sent it; null when the actor may not read it or none was sent. */
async function sentText(env: FlowEnv, reportId: number): Promise<string | null> {
  const report = await findQuarterlyReport(env.db, env.actor, reportId);
  if (!report) return null;
  const latest = (await quarterlyVersions(env.db, report.id)).at(-1);
  if (!latest) return null;
  const [listed] = await listQuarterlyReports(env.db, env.actor, { jy: report.jYear, quarter: report.quarter, provinceId: report.provinceId });
  const sent = { ...report, status: "submitted", version: latest.version, narrative: latest.narrative, obstacles: latest.obstacles, proposals: latest.proposals };
  return quarterlyText(env, sent, latest.figures as unknown as QuarterlyFigures, listed?.province[env.locale] ?? "");
}

const reportStep: Step<ProvinceReportsDraft> = {
  async prompt(env, draft): Promise<Message> {
    const text = await sentText(env, draft.reportId!);
    return { text: text ?? env.t("qr-not-found"), inline: [[{ text: env.t("btn-pr-list"), data: "list" }]] };
  },
  handle(env, _draft, input) {
    if (input.type === "button" && input.data === "list") return { kind: "goto", step: "list", draft: {} };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

export const provinceReportsFlow: Flow<ProvinceReportsDraft> = {
  name: "province_reports",
  interruptible: true,
  roles: ["admin"],
  async start(env, arg) {
    const id = Number(arg);
    if (arg && Number.isSafeInteger(id) && id > 0 && (await findQuarterlyReport(env.db, env.actor, id))) return open(id);
    if ((await listQuarterlyReports(env.db, env.actor, { submittedOnly: true })).length === 0) return { kind: "finish", messages: [{ text: env.t("pr-none") }] };
    return { kind: "goto", step: "list", draft: {} };
  },
  steps: { list: listStep, report: reportStep },
};
