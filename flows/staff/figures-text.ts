import type { CaseFigures } from "../../core/case-figures.ts";
import { CASE_KINDS } from "../../core/case-kinds.ts";
import { CLOSE_CAUSES } from "../../core/close-causes.ts";
import { listSeparator, localDigits } from "../../core/persian.ts";
import type { Translate } from "../types.ts";

// Case figures in words: the summary /stats and the dashboard show, and the narrative of the quarterly
// complaint analysis (seed 001 §3-1.4: what grew, what is late, what citizens object to, and why).

export interface TextEnv {
  t: Translate;
  locale: "fa" | "en";
}

const num = (e: TextEnv, x: number) => localDigits(x.toLocaleString("en-US"), e.locale).replace(/,/g, e.locale === "fa" ? "٬" : ",");
const pct = (e: TextEnv, share: number | null) => (share === null ? "—" : `${localDigits(Math.round(share * 100), e.locale)}${e.locale === "fa" ? "٪" : "%"}`);
const dec = (e: TextEnv, x: number | null) => (x === null ? "—" : localDigits(String(Math.round(x * 10) / 10), e.locale).replace(".", e.locale === "fa" ? "٫" : "."));
const name = (e: TextEnv, r: { fa: string; en: string }) => (e.locale === "fa" ? r.fa : r.en);
const list = (e: TextEnv, items: string[]) => items.join(e.locale === "fa" ? "، " : ", ");

/** The figures as the lines of one message (under a title the caller gives). */
export function figuresSummary(e: TextEnv, f: CaseFigures): string[] {
  const { t } = e;
  if (f.filed === 0) return [t("figures-none")];
  const kinds = CASE_KINDS.filter((k) => f.byKind[k] > 0).map((k) => `${t(`kind-${k}`)} ${num(e, f.byKind[k])}`);
  const lines = [
    t("figures-filed", { n: num(e, f.filed), kinds: kinds.join(listSeparator(e.locale)) }),
    t("figures-answered", { n: num(e, f.answered), share: pct(e, f.answered / f.filed), inTime: pct(e, f.answeredInTimeShare) }),
    t("figures-response-days", { median: dec(e, f.responseDays.median), p90: dec(e, f.responseDays.p90) }),
    t("figures-closed", { resolved: num(e, f.resolved), unresolved: num(e, f.unresolved), notResponsible: num(e, f.notResponsible), duplicate: num(e, f.duplicate) }),
    t("figures-overdue", { n: num(e, f.overdueNow) }),
    t("figures-referrals", { referrals: num(e, f.referrals), objections: num(e, f.objections), reopened: num(e, f.reopened) }),
  ];
  if (f.surveys.asked) lines.push(t("figures-surveys", { rate: pct(e, f.surveys.responseRate), solved: pct(e, f.surveys.solvedShare), rating: dec(e, f.surveys.meanRating) }));
  if (f.growingTopics.length) lines.push(t("figures-growing", { topics: list(e, f.growingTopics.slice(0, 3).map((g) => `${name(e, g)} (${num(e, g.before)} ← ${num(e, g.now)})`)) }));
  return lines;
}

/** The quarterly analysis in a few short paragraphs, from its figures. */
export function complaintNarrative(e: TextEnv, f: CaseFigures, head: { periodName: string; previousName: string; scopeName: string }): string {
  const { t } = e;
  if (f.filed === 0) return t("narrative-empty", { period: head.periodName, scope: head.scopeName });
  const paragraphs: string[] = [];

  const change = f.filedBefore === 0 ? null : (f.filed - f.filedBefore) / f.filedBefore;
  const trend = change === null ? t("narrative-no-before", { previous: head.previousName }) : t(change >= 0 ? "narrative-more" : "narrative-fewer", { share: pct(e, Math.abs(change)), previous: head.previousName, before: num(e, f.filedBefore) });
  const top = f.byTopic.slice(0, 3).map((x) => `${name(e, x)} (${num(e, x.n)})`);
  paragraphs.push([t("narrative-filed", { period: head.periodName, scope: head.scopeName, n: num(e, f.filed) }), trend, top.length ? t("narrative-top-topics", { topics: list(e, top) }) : ""].filter(Boolean).join(" "));

  const grew = f.growingTopics.slice(0, 3).map((g) => t("narrative-grew-item", { topic: name(e, g), before: num(e, g.before), now: num(e, g.now) }));
  if (grew.length) paragraphs.push(t("narrative-grew", { items: list(e, grew) }));

  paragraphs.push(
    [
      t("narrative-answered", { share: pct(e, f.answered / f.filed), inTime: pct(e, f.answeredInTimeShare), median: dec(e, f.responseDays.median), p90: dec(e, f.responseDays.p90) }),
      f.overdueNow ? t("narrative-overdue", { n: num(e, f.overdueNow) }) : t("narrative-none-overdue"),
    ].join(" "),
  );

  const objected = [t("narrative-objections", { objections: num(e, f.objections), reopened: num(e, f.reopened) })];
  if (f.objectionTopics.length) objected.push(t("narrative-objection-topics", { topics: list(e, f.objectionTopics.slice(0, 3).map((x) => `${name(e, x)} (${num(e, x.n)})`)) }));
  if (f.surveys.answered) objected.push(t("narrative-surveys", { answered: num(e, f.surveys.answered), solved: pct(e, f.surveys.solvedShare), rating: dec(e, f.surveys.meanRating) }));
  paragraphs.push(objected.join(" "));

  const causes = CLOSE_CAUSES.filter((c) => f.causes.byCause[c] > 0)
    .sort((a, b) => f.causes.byCause[b] - f.causes.byCause[a])
    .map((c) => `${t(`cause-${c}`)} (${num(e, f.causes.byCause[c])})`);
  const why = [causes.length ? t("narrative-causes", { causes: list(e, causes) }) : t("narrative-no-causes")];
  if (f.causes.uncaused && f.causes.frequentTerms.length) why.push(t("narrative-terms", { n: num(e, f.causes.uncaused), terms: list(e, f.causes.frequentTerms.slice(0, 8).map((x) => `«${x.term}»`)) }));
  paragraphs.push(why.join(" "));
  return paragraphs.join("\n\n");
}
