import { eq } from "drizzle-orm";
import { GrammyError, HttpError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "pino";
import { translator, type Locale } from "../bot/translator.ts";
import { SURVEY_STATUSES } from "../core/case-events.ts";
import { formatJalaliDateTime } from "../core/jalali.ts";
import { backoffMs, type OutboxItem } from "../core/outbox.ts";
import { getSurvey, markSurveyReminded, openSurvey, type SurveyMessagePayload } from "../core/surveys.ts";
import { displayTrackingCode } from "../core/tracking-code.ts";
import { markUserBlocked } from "../core/users.ts";
import type { Db } from "../db/client.ts";
import { agencies, caseEvents, cases, users } from "../db/schema.ts";
import { solvedButtons } from "../flows/survey.ts";
import type { InlineButton, Translate } from "../flows/types.ts";
import { startOutboxWorker, type DeliveryResult, type OutboxWorker } from "./outbox-worker.ts";

// Messages pushed to citizens from the outbox (kind citizen_message): each agency event on their case
// (status change, answer, referral, request for information), the survey question that follows an answer
// or a closing, and its one reminder. Delivery is at least once and in order per citizen (order key user:<id>).

export interface CitizenMessagesOptions {
  db: Db;
  /** The Bot API of this instance's platform (bot.api). */
  api: Api;
  /** Only users of this platform are messaged; items of another platform's users wait for that platform's worker. */
  platform: string;
  logger: Logger;
  idleMs?: number;
  batch?: number;
  /** How long a claimed item is hidden from other workers; above the API client's own retry waits. */
  leaseSeconds?: number;
  /** Delay of the survey reminder (24 h by default). */
  surveyReminderMs?: number;
}

/** Starts the worker that delivers citizen_message outbox items through the Bot API. */
export function startCitizenMessages(o: CitizenMessagesOptions): OutboxWorker {
  return startOutboxWorker({
    db: o.db,
    kind: "citizen_message",
    logger: o.logger,
    batch: o.batch,
    idleMs: o.idleMs,
    leaseSeconds: o.leaseSeconds ?? 180,
    deliver: (item) => deliverCitizenMessage(o, item),
  });
}

type Recipient = typeof users.$inferSelect;

/** A message ready to go; `skip` when there is nothing to send any more (e.g. the survey was answered). */
type Prepared = { skip: true } | { skip: false; to: Recipient; text: string; inline?: InlineButton[][]; sent?: () => Promise<void> };

// Telegram refuses texts over 4096 characters; cut between whole characters (half an emoji is refused too).
const MAX_TEXT = 4096;
const fit = (text: string) => (text.length > MAX_TEXT ? `${Array.from(text.slice(0, MAX_TEXT - 1)).slice(0, -1).join("")}…` : text);
const localeOf = (u: Recipient): Locale => (u.language === "en" ? "en" : "fa");
const markup = (inline?: InlineButton[][]): InlineKeyboardMarkup | undefined =>
  inline ? { inline_keyboard: inline.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) } : undefined;

/** Delivers one citizen_message item; exported for tests and for a one-off resend. */
export async function deliverCitizenMessage(o: CitizenMessagesOptions, item: OutboxItem): Promise<DeliveryResult> {
  const payload = item.payload as { eventId?: number } | SurveyMessagePayload;
  let prepared: Prepared | null;
  if ("eventId" in payload && typeof payload.eventId === "number") prepared = await prepareEvent(o, payload.eventId);
  else if ("type" in payload && (payload.type === "survey" || payload.type === "survey_reminder")) prepared = await prepareSurvey(o.db, payload);
  else return { ok: false, dead: true, error: `unknown citizen message payload ${JSON.stringify(payload)}` };
  if (!prepared) return { ok: false, dead: true, error: "the event, case, survey or citizen no longer exists" };
  if (prepared.skip) return { ok: true };
  const to = prepared.to;
  // One database may serve a Telegram and a Bale instance; each sends only to its own platform's users.
  if (to.platform !== o.platform) return { ok: false, error: `recipient is on ${to.platform}`, retryInMs: 2_000 };
  try {
    await o.api.sendMessage(to.platformUserId, fit(prepared.text), { reply_markup: markup(prepared.inline) });
  } catch (err) {
    return await failure(o, item, to, err);
  }
  if (prepared.sent) {
    // What follows a send (opening the survey, noting the reminder) must not make the message go out
    // twice when it fails: it is logged instead.
    await prepared.sent().catch((err) => o.logger.warn({ err, outboxId: item.id }, "bookkeeping after a citizen message failed"));
  }
  return { ok: true };
}

async function failure(o: CitizenMessagesOptions, item: OutboxItem, to: Recipient, err: unknown): Promise<DeliveryResult> {
  if (err instanceof GrammyError) {
    const error = `${err.error_code}: ${err.description}`;
    if (err.error_code === 403) {
      // Blocked the bot, deactivated, or never started it: nobody to tell; the next update from them unblocks.
      await markUserBlocked(o.db, to.platform, to.platformUserId, true);
      return { ok: false, dead: true, error };
    }
    if (err.error_code === 400) return { ok: false, dead: true, error };
    if (err.error_code === 429) {
      const after = err.parameters.retry_after;
      return { ok: false, error, retryInMs: typeof after === "number" ? after * 1000 + 250 : backoffMs(item.attempts, 1000, 300_000) };
    }
    // 5xx, and 401/404 (our own token or API root is wrong): the message waits until it can go.
    return { ok: false, error, retryInMs: backoffMs(item.attempts, 1000, 300_000) };
  }
  const error = err instanceof HttpError ? `network: ${err.message}` : err instanceof Error ? err.message : String(err);
  if (!(err instanceof HttpError)) o.logger.warn({ err, outboxId: item.id }, "citizen message failed unexpectedly; retrying");
  return { ok: false, error, retryInMs: backoffMs(item.attempts, 1000, 300_000) };
}

async function loadUser(db: Db, userId: number): Promise<Recipient | null> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return u ?? null;
}

/** One agency event as the citizen reads it, and the survey it opens when it answers or closes the case. */
async function prepareEvent(o: CitizenMessagesOptions, eventId: number): Promise<Prepared | null> {
  const [row] = await o.db
    .select({ e: caseEvents, c: cases, agencyFa: agencies.nameFa, agencyEn: agencies.nameEn })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .leftJoin(agencies, eq(agencies.id, caseEvents.agencyId))
    .where(eq(caseEvents.id, eventId));
  if (!row) return null;
  const to = await loadUser(o.db, row.c.userId);
  if (!to) return null;
  const locale = localeOf(to);
  const t = translator(locale);
  const { e, c } = row;
  const code = displayTrackingCode(c.trackingCode, locale);
  let agency = (locale === "fa" ? row.agencyFa : row.agencyEn) ?? "";
  if (e.type === "referral") {
    // The event is keyed under the referring agency; the citizen wants to know where the case went.
    const [target] = await o.db.select({ fa: agencies.nameFa, en: agencies.nameEn }).from(agencies).where(eq(agencies.id, c.agencyId));
    agency = (locale === "fa" ? target?.fa : target?.en) ?? agency;
  }
  const status = t(`status-${e.status ?? c.status}`);
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
  const sent = asksSurvey ? () => o.db.transaction(async (tx) => void (await openSurvey(tx, { caseId: c.id, userId: c.userId, reminderDelayMs: o.surveyReminderMs }))) : undefined;
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
  const code = displayTrackingCode(c.trackingCode, localeOf(to));
  const reminder = p.type === "survey_reminder";
  return {
    skip: false,
    to,
    text: t(reminder ? "survey-reminder" : "survey-push", { code, subject: c.subject }),
    inline: solvedButtons({ t }, (answer) => `sv:${c.trackingCode}:${answer}`),
    sent: reminder ? () => markSurveyReminded(db, survey.id) : undefined,
  };
}
