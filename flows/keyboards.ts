import type { InlineButton, ReplyButton, Translate } from "./types.ts";

/** The main menu, shown whenever no form is open. */
export function mainMenu(t: Translate): ReplyButton[][] {
  return [
    [{ text: t("menu-file") }],
    [{ text: t("menu-my-cases") }, { text: t("menu-track") }],
    [{ text: t("menu-faq") }, { text: t("menu-language") }],
  ];
}

/** The keyboard under every step of a form: one step back, or leave. */
export function formKeyboard(t: Translate, extra: ReplyButton[][] = []): ReplyButton[][] {
  return [...extra, [{ text: t("btn-back") }, { text: t("btn-cancel") }]];
}

/** Lays buttons out in rows of `perRow`. */
export function grid(buttons: InlineButton[], perRow: number): InlineButton[][] {
  const rows: InlineButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

/** Previous/next buttons for a paged list, or none when everything fits on one page. */
export function pager(t: Translate, page: number, pages: number, data: (page: number) => string): InlineButton[][] {
  if (pages <= 1) return [];
  const row: InlineButton[] = [];
  if (page > 0) row.push({ text: t("btn-prev"), data: data(page - 1) });
  if (page < pages - 1) row.push({ text: t("btn-next"), data: data(page + 1) });
  return [row];
}
