import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
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
    for (const bundle of chosen) {
      const message = bundle.getMessage(key);
      if (message?.value) return bundle.formatPattern(message.value, params);
    }
    return i18n.t(locale, key, params); // the library's own warning and "{key}" placeholder
  };
}
