import type { CaseDetail, CaseSummary } from "../core/cases.ts";
import { formatJalaliDate, formatJalaliDateTime } from "../core/jalali.ts";
import { isolate } from "../core/bidi.ts";
import { comma, localDigits } from "../core/persian.ts";
import { groupedTrackingCode, trackingCodeInText } from "../core/tracking-code.ts";
import type { FlowEnv, InlineButton } from "./types.ts";

// How a case looks in chat; shared by "my cases" and "track a case".

const pick = (env: FlowEnv, fa: string | null, en: string | null) => (env.locale === "fa" ? fa : en) ?? "";
/** A status as citizens read it («بسته شد؛ مشکل رفع شد»); the formal status-* labels stay for agencies and staff. */
export const citizenStatus = (env: FlowEnv, status: string) => env.t(`citizen-status-${status}`);

/** One line of the "my cases" list. */
export function caseLine(env: FlowEnv, c: CaseSummary, index: number): string {
  return env.t("case-line", {
    n: localDigits(index, env.locale),
    code: trackingCodeInText(c.trackingCode, env.locale),
    kind: env.t(`kind-${c.kind}`),
    subject: isolate(c.subject),
    status: citizenStatus(env, c.status),
    date: formatJalaliDate(c.createdAt, env.locale),
  });
}

/** The full case with its status history, newest event last. */
export function caseDetailText(env: FlowEnv, c: CaseDetail): string {
  const history = c.events.map((e) => {
    const what = e.type === "status" && e.status ? citizenStatus(env, e.status) : env.t(`event-${e.type}`);
    return `• ${formatJalaliDateTime(e.createdAt, env.locale)} — ${what}${e.note ? `\n   ${e.note}` : ""}`;
  });
  return [
    env.t("case-detail-title", { code: trackingCodeInText(c.trackingCode, env.locale) }),
    "",
    `${env.t("field-kind")}: ${env.t(`kind-${c.kind}`)}`,
    `${env.t("field-status")}: ${citizenStatus(env, c.status)}`,
    ...(c.expectedAt ? [`${env.t("field-deadline")}: ${formatJalaliDate(c.expectedAt, env.locale)}`] : []),
    `${env.t("field-agency")}: ${pick(env, c.agencyFa, c.agencyEn)}${c.topicFa ? ` / ${pick(env, c.topicFa, c.topicEn)}` : ""}`,
    `${env.t("field-region")}: ${pick(env, c.provinceFa, c.provinceEn)}${comma(env.locale)}${pick(env, c.countyFa, c.countyEn)}`,
    `${env.t("field-subject")}: ${isolate(c.subject)}`,
    `${env.t("field-description")}:\n${c.description}`,
    `${env.t("field-attachments")}: ${localDigits(c.attachmentCount, env.locale)}`,
    ...(c.anonymous ? [`${env.t("field-identity")}: ${env.t("summary-anonymous")}`] : []),
    "",
    env.t("case-history"),
    ...history,
  ].join("\n");
}

/** The parts of a case's view a tap copies: its tracking code. */
export const caseCopyable = (env: FlowEnv, c: { trackingCode: string }) => [groupedTrackingCode(c.trackingCode, env.locale)];

/** Whether the agency's latest request for more information is still unanswered (answers, referrals and the citizen's reply end it). */
export function awaitsInfo(c: CaseDetail): boolean {
  const last = c.events.filter((e) => ["info_request", "info_provided", "answer", "referral"].includes(e.type)).at(-1);
  return last?.type === "info_request";
}

/**
 * The button that opens the follow-up form for a case ("fu:<code>"); handlers/bot/notifications.ts
 * takes it whether or not the engine prefixed the chat's state version.
 */
export function followupButton(env: FlowEnv, c: CaseDetail): InlineButton {
  return { text: env.t(awaitsInfo(c) ? "btn-answer-info" : "btn-followup"), data: `fu:${c.trackingCode}` };
}
