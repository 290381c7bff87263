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
