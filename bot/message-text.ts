// Telegram and Bale refuse texts over 4096 characters; a long description must not make a message fail.
const MAX_TEXT = 4096;

/** The text cut to what the platform takes, between whole characters (half an emoji is refused too). */
export function fitMessageText(text: string): string {
  return text.length > MAX_TEXT ? `${Array.from(text.slice(0, MAX_TEXT - 1)).slice(0, -1).join("")}…` : text;
}
