import { countAudience, type Audience } from "../../core/audiences.ts";
import { createBroadcast } from "../../core/broadcasts.ts";
import { formatJalaliDateTime } from "../../core/jalali.ts";
import { parseTehranTime, tehranJalaliDay } from "../../core/jalali-calendar.ts";
import { localDigits, toAsciiDigits } from "../../core/persian.ts";
import { checkText } from "../../core/text-input.ts";
import { flowInstanceId } from "../engine.ts";
import { grid } from "../keyboards.ts";
import { deliverySubject } from "../delivery-text.ts";
import type { Flow, FlowEnv, Input, Message, Outcome, Step } from "../types.ts";
import { audienceWords, countText, needsRegion, regionOf, regionSteps, rolesStep, staffAudience, type AudienceDraft } from "./audience-steps.ts";
import { issuerProgress, sendFinished } from "./progress-message.ts";

// An admin's announcement (اطلاع‌رسانی): to citizens who opted in or to staff by role → where (the
// country, a province, a county) → the message (text, or a photo with its caption) → a preview with how
// many will get it → send now, or at a Jalali date and Tehran time. The announcement is created in the
// step's transaction, keyed by the flow instance, with the admin's progress message and its cancel button.

export const ANNOUNCEMENT_LIMITS = { min: 5, max: 4000 } as const;
const MAX_AHEAD_DAYS = 366;

interface AnnounceDraft extends AudienceDraft {
  to?: "citizens" | "staff";
  text?: string;
  photo?: string | null;
  messageDone?: boolean;
  /** ISO instant of a scheduled sending; absent or null: now. */
  sendAt?: string | null;
}

function nextMissing(d: AnnounceDraft): string {
  if (!d.to) return "audience";
  if (d.to === "staff" && !d.rolesDone) return "roles";
  if ((d.to === "citizens" || needsRegion(d)) && !d.regionDone) return "province";
  if (!d.messageDone) return "message";
  return "preview";
}

const advance = (_env: FlowEnv, draft: AnnounceDraft, notice?: string): Outcome<AnnounceDraft> => ({ kind: "goto", step: nextMissing(draft), draft, notice });

const EDITS: Record<string, (d: AnnounceDraft) => AnnounceDraft> = {
  audience: (d) => ({ ...d, to: undefined, rolesDone: false, regionDone: false }),
  region: (d) => ({ ...d, regionDone: false }),
  message: (d) => ({ ...d, messageDone: false }),
};

function audienceOf(d: AnnounceDraft): Exclude<Audience, { to: "users" }> {
  return d.to === "citizens" ? { to: "citizens", ...regionOf(d) } : staffAudience(d);
}

const audienceStep: Step<AnnounceDraft> = {
  prompt: (env) => ({
    text: env.t("announce-ask-audience"),
    inline: [[{ text: env.t("btn-announce-citizens"), data: "to:citizens" }], [{ text: env.t("btn-announce-staff"), data: "to:staff" }]],
  }),
  handle(env, draft, input) {
    if (input.type !== "button" || !["to:citizens", "to:staff"].includes(input.data)) return { kind: "invalid", error: env.t("choose-from-list") };
    const to = input.data.slice(3) as "citizens" | "staff";
    return advance(env, { ...draft, to, roles: to === "citizens" ? undefined : draft.roles });
  },
};

const rolesOf = rolesStep<AnnounceDraft>({ prompt: "announce-ask-roles", next: (env, d) => advance(env, d) });
const region = regionSteps<AnnounceDraft>({ withCounty: (d) => d.to === "citizens" || (d.roles ?? []).includes("assistant"), next: (env, d) => advance(env, d) });

const messageStep: Step<AnnounceDraft> = {
  prompt(env, draft) {
    if (draft.photo) return { text: env.t("announce-ask-caption", ANNOUNCEMENT_LIMITS), inline: [[{ text: env.t("btn-announce-drop-photo"), data: "nophoto" }]] };
    return { text: env.t("announce-ask-message", ANNOUNCEMENT_LIMITS) };
  },
  handle(env, draft, input) {
    if (input.type === "button" && input.data === "nophoto") return { kind: "update", draft: { ...draft, photo: null } };
    if (input.type === "file") {
      if (input.file.kind !== "photo") return { kind: "invalid", error: env.t("announce-expect-message") };
      const photo = input.file.fileId;
      if (!input.caption) return { kind: "update", draft: { ...draft, photo }, notice: env.t("announce-photo-received") };
      return accept(env, { ...draft, photo }, input.caption);
    }
    if (input.type !== "text") return { kind: "invalid", error: env.t("announce-expect-message") };
    return accept(env, draft, input.text);
  },
};

function accept(env: FlowEnv, draft: AnnounceDraft, typed: string): Outcome<AnnounceDraft> {
  const check = checkText(typed, ANNOUNCEMENT_LIMITS);
  if (!check.ok) return { kind: "invalid", error: env.t(`text-${check.error}`, ANNOUNCEMENT_LIMITS) };
  return advance(env, { ...draft, text: check.text, photo: draft.photo ?? null, messageDone: true });
}

/** «۱۴۰۵/۰۹/۲۰ ۱۰:۰۰» for tomorrow, as an example of what to type. */
function example(env: FlowEnv): string {
  const d = tehranJalaliDay(new Date(Date.now() + 86_400_000));
  return localDigits(`${d.jy}/${String(d.jm).padStart(2, "0")}/${String(d.jd).padStart(2, "0")} 09:00`, env.locale);
}

const whenStep: Step<AnnounceDraft> = {
  prompt: (env) => ({ text: env.t("announce-ask-time", { example: example(env), now: formatJalaliDateTime(new Date(), env.locale) }), inline: [[{ text: env.t("btn-announce-tomorrow-9"), data: "t:tomorrow" }]] }),
  handle(env, draft, input) {
    let at: Date | null;
    if (input.type === "button" && input.data === "t:tomorrow") at = parseTehranTime(example(env));
    else if (input.type === "text") {
      // A date alone would mean midnight: an announcement needs the hour it goes out.
      if (!/\d:\d{2}/.test(toAsciiDigits(input.text))) return { kind: "invalid", error: env.t("announce-time-needs-hour", { example: example(env) }) };
      at = parseTehranTime(input.text, "start");
    } else return { kind: "invalid", error: env.t("announce-time-format", { example: example(env) }) };
    if (!at) return { kind: "invalid", error: env.t("announce-time-format", { example: example(env) }) };
    if (at.getTime() <= Date.now()) return { kind: "invalid", error: env.t("announce-time-past", { now: formatJalaliDateTime(new Date(), env.locale) }) };
    if (at.getTime() > Date.now() + MAX_AHEAD_DAYS * 86_400_000) return { kind: "invalid", error: env.t("announce-time-too-far") };
    return { kind: "goto", step: "preview", draft: { ...draft, sendAt: at.toISOString() } };
  },
};

const previewStep: Step<AnnounceDraft> = {
  async prompt(env, d): Promise<Message> {
    const counts = await countAudience(env.db, audienceOf(d));
    const reachable = counts.total - counts.blocked;
    const text = env.t("announce-preview", {
      message: d.text ?? "—",
      photo: env.t(d.photo ? "announce-preview-photo" : "announce-preview-no-photo"),
      audience: await audienceWords(env, audienceOf(d)),
      count: countText(env, counts),
      when: d.sendAt ? env.t("announce-preview-at", { at: formatJalaliDateTime(new Date(d.sendAt), env.locale) }) : env.t("announce-preview-now"),
      note: env.t(d.to === "citizens" ? "announce-preview-note-citizens" : "announce-preview-note-staff"),
    });
    const send = d.sendAt
      ? [[{ text: env.t("btn-announce-schedule", { at: formatJalaliDateTime(new Date(d.sendAt), env.locale) }), data: "schedule" }], [{ text: env.t("btn-announce-now-instead"), data: "now" }]]
      : [...(reachable > 0 ? [[{ text: env.t("btn-announce-now"), data: "now" }]] : []), [{ text: env.t("btn-announce-later"), data: "later" }]];
    const edits = grid(
      [...(d.sendAt ? [{ text: env.t("btn-announce-edit-time"), data: "later" }] : []), ...["message", "audience", ...(d.to === "citizens" || needsRegion(d) ? ["region"] : [])].map((f) => ({ text: env.t(`btn-announce-edit-${f}`), data: `e:${f}` }))],
      2,
    );
    return { text, inline: [...send, ...edits, [{ text: env.t("btn-announce-discard"), data: "cancel" }]] };
  },
  async handle(env, d, input) {
    if (input.type !== "button") return { kind: "invalid", error: env.t("summary-use-buttons") };
    if (input.data === "cancel") return { kind: "finish", messages: [{ text: env.t("announce-discarded") }] };
    if (input.data === "later") return { kind: "goto", step: "when", draft: d };
    if (input.data.startsWith("e:")) {
      const edit = EDITS[input.data.slice(2)];
      return edit ? advance(env, edit(d)) : { kind: "invalid", error: env.t("choose-from-list") };
    }
    if (nextMissing(d) !== "preview") return advance(env, d);
    if (input.data === "now") return send(env, { ...d, sendAt: null }, input);
    if (input.data === "schedule" && d.sendAt) {
      // The preview waited past the time chosen: ask again rather than send at once unasked.
      if (new Date(d.sendAt).getTime() <= Date.now()) return { kind: "goto", step: "when", draft: d, notice: env.t("announce-time-passed-meanwhile") };
      return send(env, d, input);
    }
    return { kind: "invalid", error: env.t("choose-from-list") };
  },
};

async function send(env: FlowEnv, d: AnnounceDraft, input: Input): Promise<Outcome<AnnounceDraft>> {
  const audience = audienceOf(d);
  const counts = await countAudience(env.db, audience);
  const at = d.sendAt ? new Date(d.sendAt) : undefined;
  if (!at && counts.total - counts.blocked === 0) return { kind: "invalid", error: env.t("announce-nobody") };
  const when = at ? formatJalaliDateTime(at, env.locale) : "";
  const subject = deliverySubject({ text: d.text });
  const progress = issuerProgress(env, input, { kind: "announcement", message: { text: d.text }, counts, text: at ? env.t("announce-scheduled-progress", { at: when, subject }) : undefined });
  const created = await createBroadcast(env.db, env.actor, { text: d.text!, photo: d.photo ?? undefined, audience, sendAt: at, key: `${env.platform}:${flowInstanceId(d)}`, progress });
  const text = at
    ? env.t("announce-scheduled", { at: when })
    : env.t("announce-sent", { count: localDigits(created.counts.total, env.locale) });
  return sendFinished(input, [{ text }], progress);
}

export const announceFlow: Flow<AnnounceDraft> = {
  name: "announce",
  interruptible: false,
  roles: ["admin"],
  start: (env) => ({ kind: "goto", step: "audience", draft: {}, notice: env.t("announce-intro") }),
  steps: { audience: audienceStep, roles: rolesOf, province: region.province, county: region.county, message: messageStep, when: whenStep, preview: previewStep },
};
