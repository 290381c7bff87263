import type { Platform } from "../config.ts";

/** What differs between Telegram and Bale; the bot degrades instead of breaking where Bale lacks a feature. */
export interface PlatformProfile {
  name: Platform;
  /** Bale may not send X-Telegram-Bot-Api-Secret-Token, so its webhook carries the secret in the path instead. */
  secretHeader: boolean;
  /** `is_persistent` on reply keyboards (Telegram 6.4+); unknown to Bale. */
  persistentKeyboards: boolean;
  /** setMyCommands with language_code: Telegram shows commands per user language. */
  localizedCommands: boolean;
  /** A webhook's answer may carry one Bot API call (Telegram documents it; Bale does not). */
  webhookReplies: boolean;
  /** allow_paid_broadcast on sends (Telegram's paid broadcasts, up to 1000 messages/s); Bale has none. */
  paidBroadcast: boolean;
  /**
   * `entities` on sendMessage, where a `code` entity copies its text on a tap (Telegram). Bale's documented
   * sendMessage lists no entities or parse_mode, so there the code goes as plain text (long-press copies it).
   */
  codeEntities: boolean;
}

export const platformProfiles: Record<Platform, PlatformProfile> = {
  telegram: { name: "telegram", secretHeader: true, persistentKeyboards: true, localizedCommands: true, webhookReplies: true, paidBroadcast: true, codeEntities: true },
  bale: { name: "bale", secretHeader: false, persistentKeyboards: false, localizedCommands: false, webhookReplies: false, paidBroadcast: false, codeEntities: false },
};
