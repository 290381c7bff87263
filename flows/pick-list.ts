import { localDigits } from "../core/persian.ts";
import { checkText, LIMITS } from "../core/text-input.ts";
import { grid, pager } from "./keyboards.ts";
import type { Draft, FlowEnv, InlineButton, Outcome, Step } from "./types.ts";

export interface Choice {
  id: number;
  label: string;
}

export interface PickListOptions<D extends Draft> {
  /** Short button-data prefix, unique within the flow. */
  prefix: string;
  perPage: number;
  perRow: number;
  title(env: FlowEnv, draft: D): string | Promise<string>;
  /** All choices, or those matching the typed query. */
  load(env: FlowEnv, draft: D, query?: string): Promise<Choice[]>;
  onPick(env: FlowEnv, draft: D, id: number): Outcome<D> | Promise<Outcome<D>>;
  /** Extra buttons under the list (e.g. "no particular topic"), with their own handling. */
  extra?: { buttons(env: FlowEnv): InlineButton[]; handle(env: FlowEnv, draft: D, data: string): Outcome<D> | Promise<Outcome<D>> | null };
}

interface ListState {
  query?: string;
  page?: number;
}

/**
 * A step that picks one item from a paged button list that can be narrowed by typing
 * (Persian-normalised, so «كرمان» finds «کرمان»). Used for agency, province and county.
 */
export function pickListStep<D extends Draft>(o: PickListOptions<D>): Step<D> {
  const stateKey = `${o.prefix}List`;
  const listState = (draft: D): ListState => (draft[stateKey] as ListState) ?? {};
  const withState = (draft: D, s: ListState): D => ({ ...draft, [stateKey]: s });

  return {
    async prompt(env, draft) {
      const { query, page = 0 } = listState(draft);
      const choices = await o.load(env, draft, query);
      const pages = Math.max(1, Math.ceil(choices.length / o.perPage));
      const current = Math.min(page, pages - 1);
      const shown = choices.slice(current * o.perPage, (current + 1) * o.perPage);
      const rows = grid(shown.map((c) => ({ text: c.label, data: `${o.prefix}:${c.id}` })), o.perRow);
      rows.push(...pager(env.t, current, pages, (p) => `${o.prefix}p:${p}`));
      if (query) rows.push([{ text: env.t("btn-show-all"), data: `${o.prefix}x` }]);
      if (o.extra) rows.push(...o.extra.buttons(env).map((b) => [b]));
      const title = await o.title(env, draft);
      const hint = query ? env.t("list-filtered", { query }) : env.t("list-type-to-search");
      const counter = pages > 1 ? `\n${env.t("list-page", { page: localDigits(current + 1, env.locale), pages: localDigits(pages, env.locale) })}` : "";
      return { text: `${title}\n\n${hint}${counter}`, question: title, inline: rows };
    },
    async handle(env, draft, input) {
      if (input.type === "button") {
        const [kind, value] = input.data.split(":");
        if (kind === o.prefix) {
          const id = Number(value);
          // Check the id against the list itself: button data can be forged by a modified client.
          const all = await o.load(env, draft);
          if (!Number.isInteger(id) || !all.some((c) => c.id === id)) return { kind: "invalid", error: env.t("choose-from-list") };
          return o.onPick(env, withState(draft, {}), id);
        }
        if (kind === `${o.prefix}p`) return { kind: "update", draft: withState(draft, { ...listState(draft), page: Math.max(0, Number(value) || 0) }) };
        if (kind === `${o.prefix}x`) return { kind: "update", draft: withState(draft, {}) };
        const extra = o.extra ? await o.extra.handle(env, draft, input.data) : null;
        return extra ?? { kind: "invalid", error: env.t("choose-from-list") };
      }
      if (input.type === "text") {
        const check = checkText(input.text, LIMITS.search);
        if (!check.ok) return { kind: "invalid", error: env.t("search-bad-query") };
        const matches = await o.load(env, draft, check.text);
        if (matches.length === 0) return { kind: "invalid", error: env.t("search-no-match", { query: check.text }) };
        return { kind: "update", draft: withState(draft, { query: check.text, page: 0 }) };
      }
      return { kind: "invalid", error: env.t("choose-from-list") };
    },
  };
}
