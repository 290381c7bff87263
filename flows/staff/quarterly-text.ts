import { monthName, parseMonthLabel } from "../../core/jalali-calendar.ts";
import { localDigits } from "../../core/persian.ts";
import type { CountyMonthStatus, CountyText, QuarterlyFigures } from "../../core/quarterly-figures.ts";
import { quarterName, type QuarterlyReport } from "../../core/quarterly-reports.ts";
import type { RecurringPhrase } from "../../core/recurring-phrases.ts";
import type { FlowEnv } from "../types.ts";

// A quarterly report as it reads in chat: where each county's monthly reports stand, who is late, the
// quarter's totals, the recurring obstacles and proposals with the counties' own words, then the sections.

const n = (env: FlowEnv, x: number) => localDigits(x, env.locale);
const MARK: Record<CountyMonthStatus, string> = { accepted: "✅", submitted: "📤", returned: "↩️", draft: "✏️", missing: "—" };
const shortMonth = (env: FlowEnv, label: string) => monthName(parseMonthLabel(label)!, env.locale).split(" ")[0];
const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const SHOWN_TEXTS = 8;

function phrasesText(env: FlowEnv, phrases: RecurringPhrase[]): string {
  return phrases.map((p) => `«${p.phrase}» (${env.t("qr-counties", { n: n(env, p.countyIds.length) })})`).join(env.locale === "fa" ? "، " : ", ");
}

function textsBlock(env: FlowEnv, title: string, texts: CountyText[]): string[] {
  if (!texts.length) return [];
  const lines = [title, ...texts.slice(0, SHOWN_TEXTS).map((t) => `  – ${t.county[env.locale]} (${shortMonth(env, t.month)}): ${clip(t.text)}`)];
  if (texts.length > SHOWN_TEXTS) lines.push(`  ${env.t("qr-more", { n: n(env, texts.length - SHOWN_TEXTS) })}`);
  return lines;
}

/** The figures block of a quarterly report. */
export function quarterFiguresText(env: FlowEnv, f: QuarterlyFigures): string {
  const sep = env.locale === "fa" ? "، " : ", ";
  const lines = [env.t("qr-monthly", { reports: n(env, f.totals.reports), expected: n(env, f.counties.length * f.months.length) })];
  for (const c of f.counties) lines.push(`  • ${c.name[env.locale]}: ${c.months.map((m) => `${shortMonth(env, m.month)} ${MARK[m.status]}`).join(sep)}`);
  lines.push(
    f.late.length
      ? env.t("qr-late", { counties: f.late.map((c) => `${c.name[env.locale]} (${c.months.map((m) => shortMonth(env, m)).join(sep)})`).join(sep) })
      : env.t("qr-none-late"),
  );
  const t = f.totals;
  lines.push("", env.t("qr-activities", { total: n(env, t.activities.total), participants: n(env, t.activities.participants) }));
  lines.push(env.t("qr-proposals", { total: n(env, t.proposals.total), done: n(env, t.proposals.byProgress.done ?? 0), rejected: n(env, t.proposals.byProgress.rejected ?? 0) }));
  lines.push(env.t("qr-cases", { filed: n(env, t.cases.filed), answered: n(env, t.cases.answered), overdue: n(env, t.cases.overdue) }));
  for (const a of t.cases.byAgency.slice(0, 8)) lines.push(`  • ${a.name[env.locale]}: ${n(env, a.filed)} (${env.t("report-answered-short")} ${n(env, a.answered)}${sep}${env.t("report-overdue-short")} ${n(env, a.overdue)})`);
  if (f.recurring.obstacles.length) lines.push("", env.t("qr-recurring-obstacles", { phrases: phrasesText(env, f.recurring.obstacles) }));
  if (f.recurring.proposals.length) lines.push(env.t("qr-recurring-proposals", { phrases: phrasesText(env, f.recurring.proposals) }));
  lines.push(...textsBlock(env, env.t("qr-county-obstacles"), f.obstacles), ...textsBlock(env, env.t("qr-county-proposals"), f.proposals));
  return lines.join("\n");
}

/** The whole report: title, status, figures and the representative's sections. */
export function quarterlyText(env: FlowEnv, r: QuarterlyReport, f: QuarterlyFigures, province: string): string {
  const status = r.status === "submitted" ? env.t("qr-status-submitted", { version: n(env, r.version) }) : env.t("qr-status-draft");
  return [
    env.t("qr-title", { quarter: quarterName({ jy: r.jYear, quarter: r.quarter }, env.locale), province }),
    env.t("qr-status", { status }),
    "",
    quarterFiguresText(env, f),
    "",
    `${env.t("report-section-narrative")}: ${r.narrative ?? "—"}`,
    `${env.t("report-section-obstacles")}: ${r.obstacles ?? "—"}`,
    `${env.t("report-section-proposals")}: ${r.proposals ?? "—"}`,
  ].join("\n");
}
