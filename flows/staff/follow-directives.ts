import { getDirective, listDirectives, type DirectiveView } from "../../core/directives.ts";
import { formatJalaliDateTime } from "../../core/jalali.ts";
import { listSeparator, localDigits, matchesQuery } from "../../core/persian.ts";
import type { StaffRole } from "../../core/access.ts";
import { formatDue } from "../delivery-text.ts";
import { pager } from "../keyboards.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Step } from "../types.ts";
import { audienceWords } from "./audience-steps.ts";
import { roleText } from "./role-text.ts";

// The issuer follows their directives (an admin all of them, a ministry's representative the agency's, a
// provincial representative those forwarded in the province): the list with «۱۲ از ۳۰ تأیید کرده‌اند»,
// and one directive with its figures and who has not acknowledged yet (name, role and place), paged.

interface FollowDraft {
  [key: string]: unknown;
  directiveId?: number;
  page?: number;
}

export const WAITING_PER_PAGE = 15;
const LIST_LIMIT = 200;

const n = (env: FlowEnv, x: number) => localDigits(x, env.locale);
const short = (text: string, max = 40) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

/** «۱۲ از ۳۰ تأیید کرده‌اند». */
export const acknowledgedText = (env: FlowEnv, acknowledged: number, total: number) => env.t("follow-acknowledged", { acknowledged: n(env, acknowledged), total: n(env, total) });

/** ⛔️ cancelled, ✅ everyone acknowledged, ↪️ a forward (it carries the title of the directive it forwards). */
const mark = (d: { state: string; total: number; acknowledged: number; parentId: number | null }) =>
  `${d.parentId !== null ? "↪️ " : ""}${d.state === "cancelled" ? "⛔️ " : d.total > 0 && d.acknowledged === d.total ? "✅ " : ""}`;

const listStep = pickListStep<FollowDraft>({
  prefix: "d",
  perPage: 8,
  perRow: 1,
  title: (env) => env.t(env.actor.kind === "admin" ? "follow-title-all" : "follow-title"),
  load: async (env, _d, query) =>
    (await listDirectives(env.db, env.actor, LIST_LIMIT))
      .map((d) => ({ id: d.id, label: `${mark(d)}${short(d.title)} — ${acknowledgedText(env, d.acknowledged, d.total)}`, title: d.title }))
      .filter((c) => !query || matchesQuery(c.title, query))
      .map(({ id, label }) => ({ id, label })),
  onPick: (_env, _draft, directiveId) => ({ kind: "goto", step: "directive", draft: { directiveId, page: 0 } }),
});

const STATE_MARK: Record<string, string> = { pending: "follow-waiting-pending", sending: "follow-waiting-pending", blocked: "follow-waiting-blocked", failed: "follow-waiting-failed", cancelled: "follow-waiting-cancelled" };

async function waitingLines(env: FlowEnv, d: DirectiveView, page: number): Promise<string[]> {
  const shown = d.waiting.slice(page * WAITING_PER_PAGE, (page + 1) * WAITING_PER_PAGE);
  const lines: string[] = [];
  for (const [i, w] of shown.entries()) {
    const who = `${w.name ?? "—"}${w.username ? ` (@${w.username})` : ""}`;
    const place = await roleText(env, { role: w.role as StaffRole, provinceId: w.provinceId, countyId: w.countyId, agencyId: w.agencyId });
    const mark = STATE_MARK[w.state] ? `${listSeparator(env.locale)}${env.t(STATE_MARK[w.state])}` : "";
    lines.push(`${n(env, page * WAITING_PER_PAGE + i + 1)}. ${who} — ${place}${mark}`);
  }
  return lines;
}

async function directiveCard(env: FlowEnv, d: DirectiveView, page: number): Promise<string> {
  const c = d.counts;
  const parts = [
    env.t("follow-card", {
      title: d.title,
      issued: formatJalaliDateTime(d.createdAt, env.locale),
      issuer: env.t(`directive-issuer-${d.issuerRole}`),
      due: d.dueAt ? formatDue(env.t, env.locale, d.dueAt) : env.t("directive-no-due"),
      audience: await audienceWords(env, d.audience),
      acknowledged: acknowledgedText(env, d.acknowledged, c.total),
      sent: n(env, c.sent),
      pending: n(env, c.pending),
      blocked: n(env, c.blocked),
      failed: n(env, c.failed),
    }),
  ];
  if (c.state === "cancelled") parts.push(env.t("follow-cancelled"));
  if (c.total === 0) parts.push(env.t("follow-nobody-yet"));
  else if (d.waiting.length === 0) parts.push(env.t("follow-all-acknowledged"));
  else {
    const pages = Math.ceil(d.waiting.length / WAITING_PER_PAGE);
    const header = env.t("follow-waiting-title", { count: n(env, d.waiting.length) }) + (pages > 1 ? ` ${env.t("follow-page", { page: n(env, page + 1), pages: n(env, pages) })}` : "");
    parts.push(`${header}\n${(await waitingLines(env, d, page)).join("\n")}`);
  }
  return parts.join("\n\n");
}

const directiveStep: Step<FollowDraft> = {
  async prompt(env, draft): Promise<Message> {
    const d = await getDirective(env.db, env.actor, draft.directiveId!);
    const back = [{ text: env.t("btn-follow-list"), data: "list" }];
    if (!d) return { text: env.t("follow-not-found"), inline: [back] };
    const pages = Math.max(1, Math.ceil(d.waiting.length / WAITING_PER_PAGE));
    const page = Math.min(draft.page ?? 0, pages - 1);
    return {
      text: await directiveCard(env, d, page),
      inline: [...pager(env.t, page, pages, (p) => `wp:${p}`), [{ text: env.t("btn-follow-refresh"), data: "refresh" }], back],
    };
  },
  handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "list") return { kind: "goto", step: "list", draft: {} };
    if (input.data === "refresh") return { kind: "update", draft, notice: env.t("follow-refreshed") };
    if (input.data.startsWith("wp:")) return { kind: "update", draft: { ...draft, page: Math.max(0, Number(input.data.slice(3)) || 0) } };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

export const followDirectivesFlow: Flow<FollowDraft> = {
  name: "follow_directives",
  interruptible: true,
  roles: ["admin", "ministry", "provincial"],
  async start(env) {
    if ((await listDirectives(env.db, env.actor, 1)).length === 0) return { kind: "finish", messages: [{ text: env.t(env.actor.kind === "provincial" ? "follow-none-provincial" : "follow-none") }] };
    return { kind: "goto", step: "list", draft: {} };
  },
  steps: { list: listStep, directive: directiveStep },
};
