import { eq } from "drizzle-orm";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "pino";
import { translator, type Locale } from "../bot/translator.ts";
import { SURVEY_STATUSES } from "../core/case-events.ts";
import { formatJalaliDateTime } from "../core/jalali.ts";
import type { OutboxItem } from "../core/outbox.ts";
import { queueReplies } from "../messaging/reply-queue.ts";
import { fitMessageText } from "../bot/message-text.ts";
import type { StaffNoticePayload } from "../core/staff-notices.ts";
import { getSurvey, markSurveyReminded, openSurvey, type SurveyMessagePayload } from "../core/surveys.ts";
import { trackingCodeInText } from "../core/tracking-code.ts";
import type { Db } from "../db/client.ts";
import { agencies, caseEvents, cases, users } from "../db/schema.ts";
import { solvedButtons } from "../flows/survey.ts";
import type { InlineButton, Translate } from "../flows/types.ts";
import type { ChatSender } from "../messaging/chat-sender.ts";
import { startOutboxWorker, type DeliveryResult, type OutboxWorker } from "./outbox-worker.ts";

// Messages pushed to citizens from the outbox (kind citizen_message): each agency event on their case
// (status change, answer, referral, request for information), the survey question that follows an answer
// or a closing, and its one reminder. Each becomes a row of the citizen's reply queue, so one sender per
// chat sends it (messaging/chat-sender.ts) and the outbox keeps the order per citizen (order key user:<id>).

export interface CitizenMessagesOptions {
  db: Db;
  /** This instance's chat sender: told to send a chat once its message is queued. */
  sender: Pick<ChatSender, "kick">;
  /** The platform this instance's sender serves; other platforms' messages are left to their own instances. */
  platform?: string;
  logger: Logger;
  idleMs?: number;
  batch?: number;
  leaseSeconds?: number;
  /** Delay of the survey reminder (24 h by default). */
  surveyReminderMs?: number;
}

/** Starts the worker that turns citizen_message outbox items into messages of the chat's reply queue. */
export function startCitizenMessages(o: CitizenMessagesOptions): OutboxWorker {
  return startOutboxWorker({
    db: o.db,
    kind: "citizen_message",
    logger: o.logger,
    batch: o.batch,
    idleMs: o.idleMs,
    leaseSeconds: o.leaseSeconds ?? 60,
    deliver: (item) => deliverCitizenMessage(o, item),
  });
}

type Recipient = typeof users.$inferSelect;

/** A message ready to go; `skip` when there is nothing to send any more (e.g. the survey was answered). */
type Prepared = { skip: true } | { skip: false; to: Recipient; text: string; inline?: InlineButton[][]; sent?: (tx: Db) => Promise<void> };

const localeOf = (u: Recipient): Locale => (u.language === "en" ? "en" : "fa");
const markup = (inline?: InlineButton[][]): InlineKeyboardMarkup | undefined =>
  inline ? { inline_keyboard: inline.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) } : undefined;

/**
 * Delivers one citizen_message item: the message is written to the citizen's reply queue, with what
 * follows it (opening the survey, noting the reminder), in one transaction; the chat sender sends it
 * after the commit, through the citizen's own platform, in order with the replies of their conversation.
 */
export async function deliverCitizenMessage(o: CitizenMessagesOptions, item: OutboxItem): Promise<DeliveryResult> {
  const payload = item.payload as { eventId?: number } | SurveyMessagePayload;
  const queued = await o.db.transaction(async (tx) => {
    let prepared: Prepared | null;
    if ("eventId" in payload && typeof payload.eventId === "number") prepared = await prepareEvent(tx, o, payload.eventId);
    else if ("type" in payload && (payload.type === "survey" || payload.type === "survey_reminder")) prepared = await prepareSurvey(tx, payload);
    else if ("type" in payload && (payload as { type: string }).type === "staff_notice") prepared = await prepareNotice(tx, payload as unknown as StaffNoticePayload);
    else return { dead: `unknown citizen message payload ${JSON.stringify(payload)}` };
    if (!prepared) return { dead: "the event, case, survey or citizen no longer exists" };
    if (prepared.skip) return { skipped: true };
    const to = prepared.to;
    // Blocked the bot: nobody to tell; the next update from them unblocks.
    if (to.blocked) return { skipped: true };
    const call = { method: "sendMessage", payload: { chat_id: to.platformUserId, text: fitMessageText(prepared.text), reply_markup: markup(prepared.inline) } };
    await queueReplies(tx, { platform: to.platform, chatId: to.platformUserId, batch: `o:${item.id}`, calls: [call], priority: 1 });
    await prepared.sent?.(tx);
    return { to };
  });
  if ("dead" in queued) return { ok: false, dead: true, error: queued.dead! };
  if ("to" in queued && queued.to && (!o.platform || queued.to.platform === o.platform)) o.sender.kick(queued.to.platformUserId);
  return { ok: true };
}

async function loadUser(db: Db, userId: number): Promise<Recipient | null> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return u ?? null;
}

/** One agency event as the citizen reads it, and the survey it opens when it answers or closes the case. */
async function prepareEvent(db: Db, o: CitizenMessagesOptions, eventId: number): Promise<Prepared | null> {
  const [row] = await db
    .select({ e: caseEvents, c: cases, agencyFa: agencies.nameFa, agencyEn: agencies.nameEn })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .leftJoin(agencies, eq(agencies.id, caseEvents.agencyId))
    .where(eq(caseEvents.id, eventId));
  if (!row) return null;
  const to = await loadUser(db, row.c.userId);
  if (!to) return null;
  const locale = localeOf(to);
  const t = translator(locale);
  const { e, c } = row;
  const code = trackingCodeInText(c.trackingCode, locale);
  let agency = (locale === "fa" ? row.agencyFa : row.agencyEn) ?? "";
  if (e.type === "referral") {
    // The event is keyed under the referring agency; the citizen wants to know where the case went.
    const [target] = await db.select({ fa: agencies.nameFa, en: agencies.nameEn }).from(agencies).where(eq(agencies.id, c.agencyId));
    agency = (locale === "fa" ? target?.fa : target?.en) ?? agency;
  }
  // Citizens read plain labels («بسته شد؛ مشکل رفع شد»); the formal ones are the agencies'.
  const status = t(`citizen-status-${e.status ?? c.status}`);
  const time = `🕘 ${formatJalaliDateTime(e.createdAt, locale)}`;
  const lines: string[] = [];
  let button: InlineButton = { text: t("btn-followup"), data: `fu:${c.trackingCode}` };
  if (e.type === "answer") {
    lines.push(t("push-answer-title", { code, agency }), "", e.note ?? "", "", `${t("field-status")}: ${status}`);
  } else if (e.type === "referral") {
    lines.push(t("push-referral-title", { code, agency }), ...(e.note ? ["", t("push-note", { note: e.note })] : []));
  } else if (e.type === "info_request") {
    lines.push(t("push-info-title", { code, agency }), "", e.note ?? "", "", t("push-info-how"));
    button = { text: t("btn-answer-info"), data: `fu:${c.trackingCode}` };
  } else {
    lines.push(t("push-status-title", { code }), `${t("field-status")}: ${status}`, ...(agency ? [`${t("field-agency")}: ${agency}`] : []), ...(e.note ? ["", t("push-note", { note: e.note })] : []));
  }
  lines.push("", time);

  // An answer or a closing asks the survey (once per case) when it has reached the citizen, unless the case
  // has moved on since. The question is queued behind this message (same order key), so it follows it.
  const asksSurvey = !!e.status && SURVEY_STATUSES.includes(e.status as never) && SURVEY_STATUSES.includes(c.status as never);
  const sent = asksSurvey ? async (tx: Db) => void (await openSurvey(tx, { caseId: c.id, userId: c.userId, reminderDelayMs: o.surveyReminderMs })) : undefined;
  return { skip: false, to, text: lines.join("\n"), inline: [[button]], sent };
}

/** The survey question, or its reminder while the survey is still unanswered. */
async function prepareSurvey(db: Db, p: SurveyMessagePayload): Promise<Prepared | null> {
  const survey = await getSurvey(db, p.surveyId);
  if (!survey) return null;
  if (survey.answeredAt) return { skip: true };
  const [c] = await db.select().from(cases).where(eq(cases.id, survey.caseId));
  if (!c) return null;
  const to = await loadUser(db, c.userId);
  if (!to) return null;
  const t: Translate = translator(localeOf(to));
  const code = trackingCodeInText(c.trackingCode, localeOf(to));
  const reminder = p.type === "survey_reminder";
  return {
    skip: false,
    to,
    text: t(reminder ? "survey-reminder" : "survey-push", { code, subject: c.subject }),
    inline: solvedButtons({ t }, (answer) => `sv:${c.trackingCode}:${answer}`),
    sent: reminder ? (tx: Db) => markSurveyReminded(tx, survey.id) : undefined,
  };
}

/** A notice to a staff member (a report submitted, returned or accepted), in their language. */
async function prepareNotice(db: Db, p: StaffNoticePayload): Promise<Prepared | null> {
  const to = await loadUser(db, p.userId);
  if (!to) return null;
  const locale = localeOf(to);
  const t = translator(locale);
  const params = Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, typeof v === "object" ? v[locale] : v]));
  return { skip: false, to, text: t(p.key, params), inline: p.button ? [[{ text: t(p.button.key), data: p.button.data }]] : undefined };
}
