// Numbers, phones, codes and Latin words inside a Persian line need Unicode isolates: without them the
// bidi algorithm moves a phone's "+" to the wrong end and reorders grouped digits right to left. Fluent's
// own isolation is off (bot/translator.ts) because it wrapped every placeable, names and sentences too;
// these helpers isolate only the values that need it. Telegram and Bale draw the isolates invisibly
// (they are the characters Unicode recommends since 6.3; the older LRE/PDF embeddings were shown as boxes).

export const LRI = "\u2066";
export const FSI = "\u2068";
export const PDI = "\u2069";

/** A run that always reads left to right: a phone number, a tracking code, a national ID, a URL. */
export function ltr(value: string | number): string {
  return `${LRI}${value}${PDI}`;
}

/** A run of unknown direction (a Latin name or what someone typed): it takes the direction of its first strong letter. */
export function isolate(value: string): string {
  return `${FSI}${value}${PDI}`;
}
