// Telegram and Bale refuse texts over 4096 characters; a long description must not make a message fail.
const MAX_TEXT = 4096;

/** The text cut to what the platform takes, between whole characters (half an emoji is refused too). */
export function fitMessageText(text: string): string {
  return text.length > MAX_TEXT ? `${Array.from(text.slice(0, MAX_TEXT - 1)).slice(0, -1).join("")}…` : text;
}

const MAX_CAPTION = 1024;

/** A photo's caption cut to what the platform takes, at the last whole line that fits. */
export function fitCaption(text: string): string {
  if (text.length <= MAX_CAPTION) return text;
  const cut = text.slice(0, MAX_CAPTION - 1);
  const line = cut.lastIndexOf("\n");
  return `${line > MAX_CAPTION / 2 ? cut.slice(0, line) : Array.from(cut).slice(0, -1).join("")}…`;
}
