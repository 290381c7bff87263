import type { CaseFigures } from "./case-figures.ts";
import { CASE_KINDS } from "./case-kinds.ts";
import { CLOSE_CAUSES } from "./close-causes.ts";

// The complaint analysis as a spreadsheet of «شاخص | indicator | مقدار» rows: the headline figures, then
// each breakdown. Served by the API (CSV, XLSX) and attached to the quarterly analysis sent in chat.

export const ANALYSIS_HEADER = ["شاخص", "indicator", "مقدار"];

type Row = (string | number | null)[];
type Label = (key: string) => string;

/** The rows; `fa` and `en` name kinds and causes (the locale files' kind-* and cause-* texts). */
export function analysisRows(f: CaseFigures, fa: Label, en: Label): Row[] {
  const rows: Row[] = [];
  const add = (faName: string, enName: string, v: number | null) => rows.push([faName, enName, v]);
  add("پرونده‌های ثبت‌شده", "filed", f.filed);
  add("ثبت‌شده در دورهٔ پیش", "filed in the period before", f.filedBefore);
  for (const k of CASE_KINDS) add(`نوع: ${fa(`kind-${k}`)}`, `kind: ${en(`kind-${k}`)}`, f.byKind[k] ?? 0);
  add("پاسخ داده‌شده", "answered", f.answered);
  add("مختومه - رفع شد", "resolved", f.resolved);
  add("مختومه - رفع نشد", "unresolved", f.unresolved);
  add("خارج از صلاحیت", "not responsible", f.notResponsible);
  add("تکراری", "duplicate", f.duplicate);
  add("سهم پاسخ در مهلت", "answered in time share", f.answeredInTimeShare);
  add("میانهٔ زمان پاسخ (روز کاری)", "median response (working days)", f.responseDays.median);
  add("صدک ۹۰ زمان پاسخ (روز کاری)", "p90 response (working days)", f.responseDays.p90);
  add("گذشته از مهلت و باز", "overdue now", f.overdueNow);
  add("ارجاع", "referrals", f.referrals);
  add("نظرسنجی فرستاده‌شده", "surveys asked", f.surveys.asked);
  add("نظرسنجی پاسخ داده‌شده", "surveys answered", f.surveys.answered);
  add("سهم «مشکل رفع شد»", "solved share", f.surveys.solvedShare);
  add("میانگین امتیاز", "mean rating", f.surveys.meanRating);
  add("اعتراض", "objections", f.objections);
  add("بازگشایی", "reopened", f.reopened);
  for (const c of CLOSE_CAUSES) add(`علت: ${fa(`cause-${c}`)}`, `cause: ${en(`cause-${c}`)}`, f.causes.byCause[c] ?? 0);
  add("مختومه بی‌علت", "closed without a cause", f.causes.uncaused);
  for (const a of f.byAgency) add(`دستگاه: ${a.fa}`, `agency: ${a.en}`, a.n);
  for (const t of f.byTopic) add(`موضوع: ${t.fa}`, `topic: ${t.en}`, t.n);
  for (const p of f.byProvince) add(`استان: ${p.fa}`, `province: ${p.en}`, p.n);
  for (const c of f.byCounty) add(`شهرستان: ${c.fa}`, `county: ${c.en}`, c.n);
  for (const g of f.growingTopics) add(`رشد موضوع: ${g.fa} (دورهٔ پیش ${g.before})`, `growing topic: ${g.en} (before ${g.before})`, g.now);
  for (const o of f.objectionTopics) add(`اعتراض دربارهٔ: ${o.fa}`, `objections about: ${o.en}`, o.n);
  for (const t of f.causes.frequentTerms) add(`واژهٔ پرتکرار: ${t.term}`, `frequent term: ${t.term}`, t.n);
  return rows;
}
