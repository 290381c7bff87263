import type { Api } from "grammy";
import type { Actor } from "../core/access.ts";
import { staffEntries } from "../flows/keyboards.ts";
import { flows } from "../flows/registry.ts";
import type { PlatformProfile } from "./platform.ts";
import { LOCALES, translator, type Locale } from "./translator.ts";

const COMMANDS = ["start", "new", "mycases", "track", "faq", "lang", "help", "cancel"] as const;

type CommandList = { command: string; description: string }[];

const citizenCommands = (locale: Locale): CommandList => COMMANDS.map((command) => ({ command, description: translator(locale)(`cmd-${command}`) }));

/** Registers the command list shown by the client: Persian by default, English for English-language clients. */
export async function registerCommands(api: Api, profile: PlatformProfile): Promise<void> {
  await api.setMyCommands(citizenCommands("fa"));
  if (!profile.localizedCommands) return;
  for (const locale of LOCALES.filter((l) => l !== "fa")) await api.setMyCommands(citizenCommands(locale), { language_code: locale });
}

/** A staff member's commands (their role's first, then the citizen's), in their language. */
export function chatCommands(actor: Actor, locale: Locale): CommandList {
  const t = translator(locale);
  return [...staffEntries(flows, actor).map((e) => ({ command: e.command, description: t(`cmd-${e.command}`) })), ...citizenCommands(locale)];
}

/**
 * Sets one chat's command list to what its user's role may do, or back to the default list for a citizen.
 * Called inside an update, so the call is queued and sent after the commit like any reply.
 */
export async function setChatCommands(api: Api, chatId: number, actor: Actor, locale: Locale): Promise<void> {
  const scope = { type: "chat" as const, chat_id: chatId };
  if (actor.kind === "citizen") await api.deleteMyCommands({ scope });
  else await api.setMyCommands(chatCommands(actor, locale), { scope });
}
