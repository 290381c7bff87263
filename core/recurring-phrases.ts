import { searchKey } from "./persian.ts";

// The obstacles and proposals that recur across a province's counties: words and two-word phrases that
// appear in the texts of at least two counties. Texts are compared by their search key (Arabic letter
// forms, half-spaces and digits normalised), so «دستگاه‌ها» and «دستگاه ها» are one word.

/** Words that carry no subject of their own; a phrase made only of them (or starting or ending with one) is not counted. */
const STOP_WORDS = new Set(
  (
    "و در به از که این آن با برای را است بود شد شده شود می نمی ها های هم یا تا بر نیز یک ما ما را او آنها ایشان " +
    "کرد کند کنند کرده کردن باید بین برخی همه هر دیگر خود اما اگر چون چه چند بسیار زیاد کم بیشتر کمتر " +
    "هست نیست دارد ندارد داشت شدن گردد گردید ای اند ام ایم اید ی ان the and of to in a for is"
  ).split(" "),
);

/** The counted terms of one text: its words and adjacent word pairs, each once. */
export function termsOf(text: string): Set<string> {
  const words = searchKey(text)
    .split(" ")
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));
  const terms = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    if (STOP_WORDS.has(words[i])) continue;
    terms.add(words[i]);
    if (i + 1 < words.length && !STOP_WORDS.has(words[i + 1])) terms.add(`${words[i]} ${words[i + 1]}`);
  }
  return terms;
}

export interface RecurringPhrase {
  phrase: string;
  /** The counties (ids) whose texts contain it, ascending. */
  countyIds: number[];
}

/**
 * Phrases found in the texts of at least two counties, those shared by most counties first, two-word phrases
 * before their words; a word is left out when a phrase containing it recurs in the same counties.
 */
export function recurringPhrases(texts: { countyId: number; text: string }[], limit = 10): RecurringPhrase[] {
  const counties = new Map<string, Set<number>>();
  for (const { countyId, text } of texts) {
    for (const term of termsOf(text)) {
      const set = counties.get(term) ?? new Set<number>();
      set.add(countyId);
      counties.set(term, set);
    }
  }
  const found = [...counties.entries()]
    .filter(([, ids]) => ids.size >= 2)
    .map(([phrase, ids]) => ({ phrase, countyIds: [...ids].sort((a, b) => a - b) }))
    .sort((a, b) => b.countyIds.length - a.countyIds.length || b.phrase.split(" ").length - a.phrase.split(" ").length || a.phrase.localeCompare(b.phrase, "fa"));
  const sameCounties = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const kept = found.filter(
    (p) => p.phrase.includes(" ") || !found.some((q) => q.phrase.includes(" ") && q.phrase.split(" ").includes(p.phrase) && sameCounties(q.countyIds, p.countyIds)),
  );
  return kept.slice(0, limit);
}

/**
 * The words and two-word phrases most texts contain (each text counts once), most frequent first; a word
 * is left out when a phrase with it is in nearly as many texts. For what citizens complain about when the
 * agency gave no cause.
 */
export function frequentTerms(texts: string[], limit = 10): { term: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts) for (const term of termsOf(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const ranked = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || b[0].split(" ").length - a[0].split(" ").length || a[0].localeCompare(b[0]));
  const chosen: { term: string; n: number }[] = [];
  for (const [term, n] of ranked) {
    if (!term.includes(" ") && chosen.some((c) => c.term.includes(" ") && c.term.split(" ").includes(term) && c.n >= n * 0.8)) continue;
    chosen.push({ term, n });
    if (chosen.length === limit) break;
  }
  return chosen;
}
