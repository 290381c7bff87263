import { checkText, LIMITS } from "../../core/text-input.ts";
import { grid, pager } from "../keyboards.ts";
import type { Choice } from "../pick-list.ts";
import type { Draft, FlowEnv, Outcome, Step } from "../types.ts";

// A step that picks any number of items from a paged list (members of the network, agencies): a tap
// toggles ✅, typing narrows the list, «تمام» goes on. Ids are checked against the list the actor may
// see, so a forged button cannot link another county's member.

export function multiPickStep<D extends Draft>(o: {
  prefix: string;
  field: string;
  perPage: number;
  /** At least one must be picked: the button reads «تمام» even before (`done` answers the error), never «هیچ‌کدام». */
  required?: boolean;
  title: (env: FlowEnv, draft: D) => string;
  load: (env: FlowEnv, draft: D, query?: string) => Promise<Choice[]>;
  done: (env: FlowEnv, draft: D, ids: number[]) => Outcome<D> | Promise<Outcome<D>>;
}): Step<D> {
  const listKey = `${o.prefix}List`;
  const picked = (draft: D) => (draft[o.field] as number[] | undefined) ?? [];
  const state = (draft: D) => (draft[listKey] as { query?: string; page?: number } | undefined) ?? {};
  return {
    async prompt(env, draft) {
      const { query, page = 0 } = state(draft);
      const choices = await o.load(env, draft, query);
      const pages = Math.max(1, Math.ceil(choices.length / o.perPage));
      const current = Math.min(page, pages - 1);
      const chosen = new Set(picked(draft));
      const rows = grid(
        choices.slice(current * o.perPage, (current + 1) * o.perPage).map((c) => ({ text: `${chosen.has(c.id) ? "✅ " : ""}${c.label}`, data: `${o.prefix}:${c.id}` })),
        1,
      );
      rows.push(...pager(env.t, current, pages, (p) => `${o.prefix}p:${p}`));
      if (query) rows.push([{ text: env.t("btn-show-all"), data: `${o.prefix}x` }]);
      rows.push([{ text: env.t(chosen.size || o.required ? "btn-picked-done" : "btn-picked-none", { count: chosen.size }), data: `${o.prefix}d` }]);
      const hint = query ? env.t("list-filtered", { query }) : env.t("list-type-to-search");
      const title = o.title(env, draft);
      return { text: `${title}\n\n${hint}`, question: title, inline: rows };
    },
    async handle(env, draft, input) {
      if (input.type === "text") {
        const check = checkText(input.text, LIMITS.search);
        if (!check.ok) return { kind: "invalid", error: env.t("search-bad-query") };
        if ((await o.load(env, draft, check.text)).length === 0) return { kind: "invalid", error: env.t("search-no-match", { query: check.text }) };
        return { kind: "update", draft: { ...draft, [listKey]: { query: check.text, page: 0 } } };
      }
      if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
      const [kind, value] = input.data.split(":");
      if (kind === `${o.prefix}d`) return o.done(env, { ...draft, [listKey]: undefined }, picked(draft));
      if (kind === `${o.prefix}p`) return { kind: "update", draft: { ...draft, [listKey]: { ...state(draft), page: Math.max(0, Number(value) || 0) } } };
      if (kind === `${o.prefix}x`) return { kind: "update", draft: { ...draft, [listKey]: {} } };
      if (kind === o.prefix) {
        const id = Number(value);
        if (!Number.isInteger(id) || !(await o.load(env, draft)).some((c) => c.id === id)) return { kind: "invalid", error: env.t("choose-from-list") };
        const ids = picked(draft).includes(id) ? picked(draft).filter((x) => x !== id) : [...picked(draft), id];
        return { kind: "update", draft: { ...draft, [o.field]: ids } };
      }
      return { kind: "invalid", error: env.t("choose-from-list") };
    },
  };
}
