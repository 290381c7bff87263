import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { Translate } from "../flows/types.ts";

export type Locale = "fa" | "en";
export const LOCALES: Locale[] = ["fa", "en"];

const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), "locales");

// Fluent would wrap every placeable in bidi isolation marks; Telegram shows them as stray characters.
const i18n = new I18n({ defaultLocale: "fa", directory, fluentBundleOptions: { useIsolating: false } });

/** A translate function for one locale (fa.ftl / en.ftl); flows get it as plain data. */
export function translator(locale: Locale): Translate {
  return (key, params) => i18n.t(locale, key, params);
}
