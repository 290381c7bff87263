import { findOwnCase, listOwnCases } from "../core/cases.ts";
import { localDigits } from "../core/persian.ts";
import { ltr } from "../core/bidi.ts";
import { displayTrackingCode } from "../core/tracking-code.ts";
import { caseCopyable, caseDetailText, caseLine, followupButton } from "./case-view.ts";
import { pager } from "./keyboards.ts";
import type { Flow, Step } from "./types.ts";

// "My cases": a paged list of the citizen's own cases, newest first; a tap opens one with its history.

interface MyCasesDraft {
  [key: string]: unknown;
  page: number;
  code?: string;
}

const PAGE_SIZE = 5;

/** At most `max` characters, cut between code points: half an emoji is invalid UTF-8 and the Bot API refuses the message. */
function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

const listStep: Step<MyCasesDraft> = {
  async prompt(env, draft) {
    let page = draft.page;
    let { items, total } = await listOwnCases(env.db, env.user.id, { offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (page > pages - 1) {
      // A page past the end (forged button, or cases gone since): show the last one.
      page = pages - 1;
      ({ items, total } = await listOwnCases(env.db, env.user.id, { offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
    }
    const lines = items.map((c, i) => caseLine(env, c, page * PAGE_SIZE + i + 1));
    return {
      text: [env.t("my-cases-title", { total: localDigits(total, env.locale), page: localDigits(page + 1, env.locale), pages: localDigits(pages, env.locale) }), "", ...lines].join("\n"),
      inline: [
        // Ungrouped in a button: the label is short on a phone, and the line above shows the code grouped.
        ...items.map((c) => [{ text: `${ltr(displayTrackingCode(c.trackingCode, env.locale))} — ${shorten(c.subject, 30)}`, data: `v:${c.trackingCode}` }]),
        ...pager(env.t, page, pages, (p) => `pg:${p}`),
      ],
    };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data.startsWith("pg:")) return { kind: "update", draft: { ...draft, page: Math.max(0, Number(input.data.slice(3)) || 0) } };
    if (input.data.startsWith("v:")) {
      const code = input.data.slice(2);
      // The code in the button is re-checked against the owner: button data can be forged.
      if (!(await findOwnCase(env.db, env.user.id, code))) return { kind: "invalid", error: env.t("track-not-found") };
      return { kind: "goto", step: "detail", draft: { ...draft, code } };
    }
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

const detailStep: Step<MyCasesDraft> = {
  async prompt(env, draft) {
    const detail = await findOwnCase(env.db, env.user.id, draft.code!);
    return {
      text: detail ? caseDetailText(env, detail) : env.t("track-not-found"),
      ...(detail ? { copyable: caseCopyable(env, detail) } : {}),
      // The follow-up button is taken by handlers/bot/notifications.ts, which opens the follow-up form.
      inline: [...(detail ? [[followupButton(env, detail)]] : []), [{ text: env.t("btn-back-to-list"), data: "list" }]],
    };
  },
  handle(env, draft, input) {
    if (input.type === "button" && input.data === "list") return { kind: "goto", step: "list", draft: { ...draft, code: undefined } };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

export const myCasesFlow: Flow<MyCasesDraft> = {
  name: "my_cases",
  interruptible: true,
  async start(env) {
    const { total } = await listOwnCases(env.db, env.user.id, { offset: 0, limit: 1 });
    if (total === 0) return { kind: "finish", messages: [{ text: env.t("my-cases-empty") }] };
    return { kind: "goto", step: "list", draft: { page: 0 } };
  },
  steps: { list: listStep, detail: detailStep },
};
