import type { Api } from "grammy";
import type { PlatformProfile } from "./platform.ts";
import { LOCALES, translator } from "./translator.ts";

const COMMANDS = ["start", "new", "mycases", "track", "faq", "lang", "help", "cancel"] as const;

/** Registers the command list shown by the client: Persian by default, English for English-language clients. */
export async function registerCommands(api: Api, profile: PlatformProfile): Promise<void> {
  const list = (locale: "fa" | "en") => COMMANDS.map((command) => ({ command, description: translator(locale)(`cmd-${command}`) }));
  await api.setMyCommands(list("fa"));
  if (!profile.localizedCommands) return;
  for (const locale of LOCALES.filter((l) => l !== "fa")) await api.setMyCommands(list(locale), { language_code: locale });
}
