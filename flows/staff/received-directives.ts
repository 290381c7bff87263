import { randomUUID } from "node:crypto";
import type { Actor } from "../../core/access.ts";
import { countAudience } from "../../core/audiences.ts";
import { listCounties } from "../../core/catalog.ts";
import { acknowledgeDirective, forwardDirective, receivedDirective, receivedDirectives } from "../../core/directives.ts";
import { formatJalaliDate, formatJalaliDateTime } from "../../core/jalali.ts";
import { localDigits, matchesQuery, PART_SEPARATOR } from "../../core/persian.ts";
import { directiveText } from "../delivery-text.ts";
import { flowInstanceId } from "../engine.ts";
import { pickListStep } from "../pick-list.ts";
import type { Flow, FlowEnv, Message, Outcome, Step } from "../types.ts";
import { audienceWords, countText, type StaffAudience } from "./audience-steps.ts";
import { issuerProgress, sendFinished } from "./progress-message.ts";
import { multiPickStep } from "./multi-pick.ts";

// What a staff member has received: the directives sent to them, newest first, ✅ acknowledged or ⏳ not;
// one of them as it was sent, with «تأیید دریافت»; and for a provincial representative, forwarding it to
// the province's assistants — all counties or chosen ones — with a preview of how many they are.

interface ReceivedDraft {
  [key: string]: unknown;
  directiveId?: number;
  /** Names one forward: sending it twice (a double tap, a redelivery) forwards once. */
  nonce?: string;
  /** The counties chosen to forward to; absent: all of the province. */
  countyIds?: number[];
}

const LIST_LIMIT = 200;
const short = (text: string, max = 40) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);
const provinceOf = (actor: Actor) => (actor.kind === "provincial" ? actor.provinceId : 0);
const show = (directiveId: number, notice?: string): Outcome<ReceivedDraft> => ({ kind: "goto", step: "directive", draft: { directiveId }, notice });

const listStep = pickListStep<ReceivedDraft>({
  prefix: "r",
  perPage: 8,
  perRow: 1,
  title: async (env) => {
    const all = await receivedDirectives(env.db, env.user.id, LIST_LIMIT);
    return env.t("received-title", { waiting: localDigits(all.filter((d) => !d.acknowledged).length, env.locale) });
  },
  load: async (env, _d, query) =>
    (await receivedDirectives(env.db, env.user.id, LIST_LIMIT))
      .filter((d) => !query || matchesQuery(d.title, query))
      .map((d) => ({ id: d.id, label: `${d.acknowledged ? "✅" : "⏳"} ${short(d.title)}${PART_SEPARATOR}${formatJalaliDate(d.createdAt, env.locale)}` })),
  onPick: (_env, _draft, id) => show(id),
});

const directiveStep: Step<ReceivedDraft> = {
  async prompt(env, draft): Promise<Message> {
    const back = [{ text: env.t("btn-received-list"), data: "list" }];
    const d = await receivedDirective(env.db, env.user.id, draft.directiveId!);
    if (!d) return { text: env.t("received-not-found"), inline: [back] };
    const lines = [
      directiveText(env.t, env.locale, { title: d.title, text: d.body, dueAt: d.dueAt }),
      "",
      env.t("received-when", { date: formatJalaliDateTime(d.createdAt, env.locale) }),
      env.t(d.acknowledged ? "received-acknowledged" : "received-not-acknowledged"),
    ];
    const files = d.documents.length + (d.photo ? 1 : 0);
    if (files > 0) lines.push(env.t("received-files", { count: localDigits(files, env.locale) }));
    if (d.forwards > 0) lines.push(env.t("received-forwarded", { count: localDigits(d.forwards, env.locale) }));
    return {
      text: lines.join("\n"),
      inline: [
        ...(d.acknowledged ? [] : [[{ text: env.t("directive-acknowledge"), data: "ack" }]]),
        ...(env.actor.kind === "provincial" ? [[{ text: env.t("btn-received-forward"), data: "fwd" }]] : []),
        back,
      ],
    };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "list") return { kind: "goto", step: "list", draft: {} };
    const d = await receivedDirective(env.db, env.user.id, draft.directiveId!);
    if (!d) return { kind: "goto", step: "list", draft: {}, notice: env.t("received-not-found") };
    if (input.data === "ack") {
      const result = await acknowledgeDirective(env.db, env.user.id, d.deliveryId);
      return { kind: "update", draft, notice: env.t(result.ok && result.first ? "directive-acknowledged" : "directive-already-acknowledged") };
    }
    if (input.data === "fwd" && env.actor.kind === "provincial") return { kind: "goto", step: "forward_scope", draft: { directiveId: d.id, nonce: randomUUID() } };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

const forwardScopeStep: Step<ReceivedDraft> = {
  prompt: (env) => ({
    text: env.t("forward-ask-scope"),
    inline: [
      [{ text: env.t("btn-forward-all-counties"), data: "all" }],
      [{ text: env.t("btn-forward-some-counties"), data: "some" }],
      [{ text: env.t("btn-forward-back"), data: "back" }],
    ],
  }),
  handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "back") return show(draft.directiveId!);
    if (input.data === "all") return { kind: "goto", step: "forward_preview", draft: { ...draft, countyIds: undefined } };
    if (input.data === "some") return { kind: "goto", step: "forward_counties", draft: { ...draft, countyIds: draft.countyIds ?? [] } };
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

const forwardCountiesStep = multiPickStep<ReceivedDraft>({
  prefix: "c",
  field: "countyIds",
  perPage: 12,
  required: true,
  title: (env) => env.t("forward-ask-counties"),
  load: async (env, _d, query) => (await listCounties(env, provinceOf(env.actor), query)).map((c) => ({ id: c.id, label: env.locale === "fa" ? c.nameFa : c.nameEn })),
  done: (env, draft, ids) => (ids.length === 0 ? { kind: "invalid", error: env.t("forward-pick-a-county") } : { kind: "goto", step: "forward_preview", draft: { ...draft, countyIds: ids } }),
});

const forwardAudience = (env: FlowEnv, d: ReceivedDraft): StaffAudience =>
  d.countyIds && d.countyIds.length > 0 ? { to: "staff", roles: ["assistant"], countyIds: d.countyIds } : { to: "staff", roles: ["assistant"], provinceIds: [provinceOf(env.actor)] };

const forwardPreviewStep: Step<ReceivedDraft> = {
  async prompt(env, draft): Promise<Message> {
    const d = await receivedDirective(env.db, env.user.id, draft.directiveId!);
    const audience = forwardAudience(env, draft);
    return {
      text: env.t("forward-preview", {
        title: d?.title ?? "—",
        audience: await audienceWords(env, audience),
        count: countText(env, await countAudience(env.db, audience)),
      }),
      inline: [
        [{ text: env.t("btn-forward-send"), data: "send" }],
        [{ text: env.t("btn-forward-change"), data: "scope" }],
        [{ text: env.t("btn-forward-back"), data: "back" }],
      ],
    };
  },
  async handle(env, draft, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("choose-from-list") };
    if (input.data === "back") return show(draft.directiveId!);
    if (input.data === "scope") return { kind: "goto", step: "forward_scope", draft };
    if (input.data !== "send" || env.actor.kind !== "provincial") return { kind: "invalid", error: env.t("choose-from-list") };
    const d = await receivedDirective(env.db, env.user.id, draft.directiveId!);
    if (!d) return { kind: "goto", step: "list", draft: {}, notice: env.t("received-not-found") };
    const audience = forwardAudience(env, draft);
    const counts = await countAudience(env.db, audience);
    const key = `${env.platform}:${flowInstanceId(draft)}:${draft.nonce}`;
    const progress = counts.total > 0 ? issuerProgress(env, input, { kind: "directive", message: { title: d.title }, counts }) : undefined;
    const issued = await forwardDirective(env.db, env.actor, d.id, audience.countyIds, key, progress);
    // Forwarding it shows it was received: the issuer sees the representative among those who acknowledged.
    await acknowledgeDirective(env.db, env.user.id, d.deliveryId);
    const text = issued.total === 0 ? env.t("forward-sent-nobody", { title: d.title }) : env.t("forward-sent", { title: d.title, count: localDigits(issued.total, env.locale) });
    return sendFinished(input, [{ text }], progress);
  },
};

export const receivedDirectivesFlow: Flow<ReceivedDraft> = {
  name: "received_directives",
  interruptible: true,
  roles: ["assistant", "provincial", "ministry"],
  async start(env) {
    if ((await receivedDirectives(env.db, env.user.id, 1)).length === 0) return { kind: "finish", messages: [{ text: env.t("received-none") }] };
    return { kind: "goto", step: "list", draft: {} };
  },
  steps: { list: listStep, directive: directiveStep, forward_scope: forwardScopeStep, forward_counties: forwardCountiesStep, forward_preview: forwardPreviewStep },
};
