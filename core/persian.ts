// Persian text handling: users type with Arabic keyboards, Persian keyboards and Latin digits interchangeably.

const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

/** Replaces Arabic letter forms with their Persian ones (ي→ی, ك→ک, …) and applies NFC; digits are left as typed. */
export function normalizePersian(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u064A\u0649]/g, "\u06CC") // Arabic yeh and alef maksura → Persian yeh
    .replace(/\u0643/g, "\u06A9") // Arabic kaf → keheh
    .replace(/\u0629/g, "\u0647") // teh marbuta → heh
    .replace(/[\u200B\uFEFF]/g, ""); // zero-width space and BOM carry no meaning
}

/** Turns Persian and Arabic-Indic digits into ASCII so numbers can be parsed. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d))).replace(/[٠-٩]/g, (d) => String(ARABIC_DIGITS.indexOf(d)));
}

/** Shows ASCII digits as Persian digits (for Persian UI text). */
export function toPersianDigits(text: string | number): string {
  return String(text).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
}

/**
 * Between the items of a list on one line: «،» in Persian. Never «·», which reads as the Persian zero «۰»
 * («رفع شد ۰ · رفع نشد ۰» looked like a row of dots).
 */
export const listSeparator = (locale: string): string => (locale === "fa" ? "، " : " · ");

/** A comma in the locale's script: «،» in Persian, "," in English («Alborz, Karaj», not «Alborz، Karaj»). */
export const comma = (locale: string): string => (locale === "fa" ? "، " : ", ");

/** Between the parts of one label, e.g. a date and a title: «۱۲ آذر ۱۴۰۵ — نشست تخصصی». */
export const PART_SEPARATOR = " — ";

const persianCollator = new Intl.Collator("fa");

/**
 * Persian alphabetical order (آ ا ب پ ت … چ ح … ک گ … ی) for lists people read. The databases order names by
 * character code, which puts پ چ ژ ک گ after every Arabic letter («…نظرآباد، چهارباغ، کرج»).
 */
export const comparePersian = (a: string, b: string): number => persianCollator.compare(a, b);

/** Digits in the script of the locale: Persian for fa, ASCII otherwise. */
export function localDigits(text: string | number, locale: string): string {
  return locale === "fa" ? toPersianDigits(text) : String(text);
}

/**
 * A key for matching what people type against names: Persian letters, ASCII digits,
 * no diacritics, tatweel or half-spaces, lower case, single spaces.
 */
export function searchKey(text: string): string {
  return toAsciiDigits(normalizePersian(text))
    .replace(/[\u064B-\u065F\u0670\u0640]/g, "") // harakat, superscript alef, tatweel
    .replace(/[آأإ]/g, "ا")
    .replace(/ؤ/g, "و")
    .replace(/ئ/g, "ی") // نائین/نایین, قائم/قایم: both spellings are in use
    .replace(/ۀ/g, "ه")
    .replace(/[\u200C\u200D\u200E\u200F]/g, " ")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A text prepared once for many queries: its search key, and the key without spaces. */
export interface SearchableText {
  key: string;
  compact: string;
}

export function searchable(text: string): SearchableText {
  const key = searchKey(text);
  return { key, compact: key.replace(/ /g, "") };
}

/** The words of a query as matchesSearchable takes them. */
export const queryWords = (query: string): string[] => searchKey(query).split(" ").filter(Boolean);

/** True when every query word appears (as a prefix of a word or inside one) in the prepared text. */
export function matchesSearchable(text: SearchableText, words: readonly string[]): boolean {
  return words.every((word) => text.key.includes(word) || text.compact.includes(word));
}

/** True when every word of the query appears (as a prefix of a word or inside one) in the text's search key. */
export function matchesQuery(text: string, query: string): boolean {
  return matchesSearchable(searchable(text), queryWords(query));
}

/** The text cut to at most `max` characters at the end of a word, with «…» when anything was cut. */
export function cutAtWord(text: string, max: number): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return text.trim();
  const head = chars.slice(0, max - 1).join("");
  const space = head.lastIndexOf(" ");
  // A single word longer than the room is cut inside it: better than an empty label.
  return `${(space > 0 ? head.slice(0, space) : head).replace(/[\s،,؛:]+$/u, "")}…`;
}
