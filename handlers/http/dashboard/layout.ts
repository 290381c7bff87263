// The dashboard's HTML frame: escaping, the document around every page, and the short pages that only say
// something (a refused link, no session). Everything from a user or the database passes through esc().

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML content and quoted attribute values. */
export const esc = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);

export interface PageFrame {
  locale: "fa" | "en";
  title: string;
  /** Already-escaped HTML of the page's body. */
  body: string;
}

/** A whole document: right to left in Persian, sized for a phone, styled by the one stylesheet (no inline CSS, no script). */
export function htmlDocument(f: PageFrame): string {
  const dir = f.locale === "fa" ? "rtl" : "ltr";
  return `<!doctype html>
<html lang="${f.locale}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${esc(f.title)}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
${f.body}
</body>
</html>
`;
}

// A bot command inside Persian text («دستور /dashboard را») would be drawn as «dashboard/»: the slash takes
// the direction around it. An isolate keeps the command whole and left to right.
const commandsIsolated = (html: string) => html.replace(/(^|\s)(\/[a-z]+)/g, '$1<bdi dir="ltr">$2</bdi>');

/** A page that only says one thing, with an optional link back. */
export function messagePage(o: { locale: "fa" | "en"; appTitle: string; title: string; text: string; back?: { href: string; label: string } }): string {
  const back = o.back ? `<p><a class="button" href="${esc(o.back.href)}">${esc(o.back.label)}</a></p>` : "";
  return htmlDocument({
    locale: o.locale,
    title: `${o.title} — ${o.appTitle}`,
    body: `<main class="message"><h1>${esc(o.title)}</h1><p>${commandsIsolated(esc(o.text))}</p>${back}</main>`,
  });
}
