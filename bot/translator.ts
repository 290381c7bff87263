import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import { isolate, ltr } from "../core/bidi.ts";
import type { Translate } from "../flows/types.ts";

export type Locale = "fa" | "en";
export const LOCALES: Locale[] = ["fa", "en"];

const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), "locales");

// Fluent would wrap every placeable in bidi isolation marks; Telegram shows them as stray characters.
const i18n = new I18n({ defaultLocale: "fa", directory, fluentBundleOptions: { useIsolating: false } });

// i18n.t negotiates the locale on every call, a noticeable share of each update's CPU: the bundles a
// locale falls back through are chosen once (matchBundles is how i18n.t chooses them; typed private).
interface Bundle {
  getMessage(key: string): { value: unknown } | undefined;
  formatPattern(pattern: unknown, args?: Record<string, unknown>): string;
}
const fluent = i18n.fluent as unknown as { matchBundles(locales: string[]): Set<Bundle> };
const bundlesOf = new Map<Locale, Bundle[]>();

/** A translate function for one locale (fa.ftl / en.ftl); flows get it as plain data. */
export function translator(locale: Locale): Translate {
  let bundles = bundlesOf.get(locale);
  if (!bundles) bundlesOf.set(locale, (bundles = [...fluent.matchBundles([locale])]));
  const chosen = bundles;
  return (key, params) => {
    const args = params && isolated(params, locale);
    for (const bundle of chosen) {
      const message = bundle.getMessage(key);
      if (message?.value) return bundle.formatPattern(message.value, args);
    }
    return i18n.t(locale, key, args); // the library's own warning and "{key}" placeholder
  };
}

// Every value a message shows passes here, so no template can forget it: a phone («+۹۸۹۱۲…», «۰۲۱ ۸۸۸۸»), a
// code or a Latin run in Persian gets its isolate (core/bidi.ts), or the bidi algorithm moves its «+» to the far
// end and reads a code's parts right to left. A value isolated already, a plain number, or Persian text is left.
const ISOLATED = /[\u2066-\u2069]/;
const PHONE_LIKE = /^\+?[0-9۰-۹][0-9۰-۹ \-]*[0-9۰-۹]$/;
const GROUPED_OR_SIGNED = /[+ \-]/;
const LATIN = /[A-Za-z]/;
/** An invite code, an API key's prefix, a file name: Latin letters, digits and marks, always left to right. */
const CODE_LIKE = /^[A-Za-z0-9][\w.\-/:@]*$/;

/** The value as a message should show it: isolated when it needs to be, else as it is. */
function isolatedValue(value: string, locale: Locale): string {
  if (value === "" || ISOLATED.test(value)) return value;
  // Digits alone read right in any line; a «+» or groups need the run kept left to right.
  if (PHONE_LIKE.test(value)) return GROUPED_OR_SIGNED.test(value) ? ltr(value) : value;
  // Latin inside Persian only, one line at most (an isolate ends with its paragraph).
  if (locale !== "fa" || !LATIN.test(value) || value.includes("\n")) return value;
  return CODE_LIKE.test(value) ? ltr(value) : isolate(value);
}

function isolated(params: Record<string, string | number>, locale: Locale): Record<string, string | number> {
  let out: Record<string, string | number> | null = null;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== "string") continue;
    const wrapped = isolatedValue(value, locale);
    if (wrapped !== value) (out ??= { ...params })[name] = wrapped;
  }
  return out ?? params;
}
