import { and, asc, eq, sql } from "drizzle-orm";
import pino from "pino";
import { expect } from "vitest";
import { postAgencyEvent, type AgencyEventInput } from "../../core/case-events.ts";
import type { Db } from "../../db/client.ts";
import { agencies, caseEvents, cases, chatReplies, outbox, surveys, users } from "../../db/schema.ts";
import { startCitizenMessages } from "../../workers/citizen-messages.ts";
import type { BotHarness } from "../support/bot-harness.ts";
import { caseByCode, fileCaseAsCitizen } from "../support/filing.ts";

// Shared by the citizen-message, survey and follow-up tests: a case filed in chat, agency events posted
// through core, and the real outbox worker run until nothing is due.

export type CaseRow = typeof cases.$inferSelect;

/** Files a complaint with Social Security through the chat and returns its row and the code as shown. */
export async function fileInChat(h: BotHarness, db: Db, userId: number): Promise<{ c: CaseRow; shown: string }> {
  const shown = await fileCaseAsCitizen(h, userId);
  return { c: await caseByCode(db, shown), shown };
}

let nextEventId = 1;

/** Posts an event as the agency handling the case would through API v1. */
export async function agencyEvent(db: Db, c: CaseRow, input: AgencyEventInput) {
  const [current] = await db.select().from(cases).where(eq(cases.id, c.id));
  return postAgencyEvent(db, { code: current.trackingCode, actor: { kind: "agency_key", keyId: 0, agencyId: (current.agencyId)! }, eventId: `ev-${nextEventId++}`, input });
}

/**
 * Runs the citizen-message worker with the harness's chat sender until no message is due (items scheduled
 * more than ten minutes ahead, like survey reminders, are not waited for), stops it, and waits until the
 * queued messages were sent.
 */
export async function drain(db: Db, h: BotHarness, o: { platform?: string; timeoutMs?: number; chats?: boolean } = {}): Promise<void> {
  const worker = startCitizenMessages({ db, sender: h.sender, platform: o.platform ?? h.profile.name, logger: pino({ level: "silent" }), idleMs: 10 });
  try {
    const deadline = Date.now() + (o.timeoutMs ?? 10_000);
    for (;;) {
      const [{ n }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(outbox)
        .where(and(eq(outbox.kind, "citizen_message"), eq(outbox.status, "pending"), sql`${outbox.nextAttemptAt} < now() + interval '10 minutes'`));
      if (n === 0) break;
      if (Date.now() > deadline) throw new Error(`${n} citizen messages still pending`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await worker.stop();
  }
  await h.settled();
  if (o.chats !== false) await sendDueChats(db, h, o.timeoutMs ?? 10_000);
}

/** Runs the sender's sweep until no chat message of its platform is pending (retries included), or fails after `ms`. */
export async function sendDueChats(db: Db, h: BotHarness, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(chatReplies)
      .where(and(eq(chatReplies.platform, h.profile.name), eq(chatReplies.state, "pending")));
    if (n === 0) return;
    if (Date.now() > deadline) throw new Error(`${n} chat messages still pending`);
    await h.sender.sweep();
    await h.settled();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Makes the survey reminders due now (instead of in 24 hours). */
export async function makeRemindersDue(db: Db): Promise<void> {
  await db.update(outbox).set({ nextAttemptAt: sql`now()` }).where(sql`${outbox.key} like 'citizen:survey-reminder:%'`);
}

/** Gives the seeded agency a webhook URL, so citizen events queue agency webhooks (and none otherwise). */
export async function setWebhook(db: Db, code: string, url: string | null): Promise<void> {
  await db.update(agencies).set({ webhookUrl: url, webhookSecret: url ? "whsec_test" : null }).where(eq(agencies.code, code));
}

export async function webhooksOf(db: Db, caseId: number) {
  return db.select().from(outbox).where(and(eq(outbox.kind, "agency_webhook"), eq(outbox.caseId, caseId))).orderBy(asc(outbox.id));
}

export async function eventsOf(db: Db, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

export async function surveyOf(db: Db, caseId: number) {
  const [row] = await db.select().from(surveys).where(eq(surveys.caseId, caseId));
  return row;
}

export async function caseRow(db: Db, caseId: number): Promise<CaseRow> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row;
}

export async function userRow(db: Db, platformUserId: number) {
  const [row] = await db.select().from(users).where(eq(users.platformUserId, platformUserId));
  expect(row, `no user ${platformUserId}`).toBeDefined();
  return row;
}

/** The messages the bot sent to a chat as text and the callback data of their buttons. */
export function pushed(h: BotHarness, chatId: number): { text: string; buttons: { text: string; data: string }[] }[] {
  return h
    .sent(chatId)
    .filter((c) => c.method === "sendMessage")
    .map((c) => ({
      text: c.payload.text as string,
      buttons: ((c.payload.reply_markup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][]).flat().map((b) => ({ text: b.text, data: b.callback_data })),
    }));
}

/** A Jalali date and Tehran time in Persian digits, as core/jalali.ts writes it. */
export const JALALI_TIME = /[۰-۹]{1,2} \S+ [۰-۹]{4}\D{1,8}[۰-۹]{2}:[۰-۹]{2}/;
