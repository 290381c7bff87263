import { ACTIVITY_KINDS, PROGRESS_STATES } from "../../core/activities.ts";
import { monthName, type JalaliMonth } from "../../core/jalali-calendar.ts";
import { comma, listSeparator, localDigits } from "../../core/persian.ts";
import type { MonthlyFigures } from "../../core/report-figures.ts";
import type { FlowEnv } from "../types.ts";

// A monthly report as it reads in chat: the figures, then the assistant's sections.

const n = (env: FlowEnv, x: number) => localDigits(x, env.locale);

/** The figures block of a monthly report. */
export function figuresText(env: FlowEnv, f: MonthlyFigures): string {
  const lines = [env.t("report-activities", { total: n(env, f.activities.total), participants: n(env, f.activities.participants) })];
  for (const kind of ACTIVITY_KINDS) if (f.activities.byKind[kind]) lines.push(`  • ${env.t(`activity-kind-${kind}`)}: ${n(env, f.activities.byKind[kind])}`);
  lines.push(env.t("report-proposals", { total: n(env, f.proposals.total) }));
  if (f.proposals.total) lines.push(`  ${PROGRESS_STATES.map((p) => `${env.t(`progress-${p}`)}: ${n(env, f.proposals.byProgress[p] ?? 0)}`).join(listSeparator(env.locale))}`);
  for (const p of f.proposals.items.slice(0, 10)) lines.push(`  – ${p.description} (${env.t(`progress-${p.progress}`)}${p.note ? `: ${p.note}` : ""})`);
  lines.push(env.t("report-members", { active: n(env, f.members.active), tookPart: n(env, f.members.tookPart) }));
  lines.push(env.t("report-cases", { filed: n(env, f.cases.filed), answered: n(env, f.cases.answered), overdue: n(env, f.cases.overdue) }));
  for (const a of f.cases.byAgency.slice(0, 8)) lines.push(`  • ${a.name[env.locale]}: ${n(env, a.filed)} (${env.t("report-answered-short")} ${n(env, a.answered)}${comma(env.locale)}${env.t("report-overdue-short")} ${n(env, a.overdue)})`);
  if (f.cases.topTopics.length) lines.push(env.t("report-top-topics", { topics: f.cases.topTopics.map((t) => `${t.name[env.locale]} (${n(env, t.n)})`).join(comma(env.locale)) }));
  if (f.consultations?.held) {
    lines.push(env.t("report-consultations", { held: n(env, f.consultations.held), answered: n(env, f.consultations.answered), asked: n(env, f.consultations.asked) }));
    for (const c of f.consultations.items.slice(0, 5)) lines.push(`  – ${c.question} (${n(env, c.answered)}/${n(env, c.asked)}${c.top ? `${listSeparator(env.locale)}${c.top}` : ""})`);
  }
  return lines.join("\n");
}

/** The whole report: title, status, figures and the written sections. */
export function reportText(env: FlowEnv, r: { jYear: number; jMonth: number; status: string; narrative: string | null; obstacles: string | null; proposals: string | null; reviewNote?: string | null }, f: MonthlyFigures, county?: string): string {
  const month: JalaliMonth = { jy: r.jYear, jm: r.jMonth };
  return [
    env.t("report-title", { month: monthName(month, env.locale), county: county ?? "" }).trim(),
    env.t("report-status", { status: env.t(`report-status-${r.status}`) }),
    ...(r.status === "returned" && r.reviewNote ? [env.t("report-returned-note", { note: r.reviewNote })] : []),
    "",
    figuresText(env, f),
    "",
    `${env.t("report-section-narrative")}: ${r.narrative ?? "—"}`,
    `${env.t("report-section-obstacles")}: ${r.obstacles ?? "—"}`,
    `${env.t("report-section-proposals")}: ${r.proposals ?? "—"}`,
  ].join("\n");
}
