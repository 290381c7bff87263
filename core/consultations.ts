import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { allows, type Actor } from "./access.ts";
import { attachProgressMessage, createDelivery, type ProgressMessage } from "./deliveries.ts";
import { DomainError } from "./errors.ts";
import { tehranJalaliDay, type JalaliMonth } from "./jalali-calendar.ts";

// Consultations (نظرخواهی, seed 004 §2): the county's assistant puts a question — an agency's programme,
// a local plan — before the network members who use the bot (those who joined with the invite the
// assistant gave them), collects one answer each and reads a summary; the month's consultations are
// counted in its monthly report.

export const MAX_OPTIONS = 6;

export interface NewConsultation {
  question: string;
  /** 2–6 options, or none for free-text answers. */
  options: string[];
  key: string;
  progress?: ProgressMessage;
}

/** The members of a county's network whose chats are linked (the audience of its consultations). */
export async function linkedMembers(db: Db, countyId: number): Promise<number[]> {
  const rows = rowsOf(await db.execute(sql`select user_id from network_members where county_id = ${countyId} and active and user_id is not null order by id`));
  return rows.map((r) => Number(r.user_id));
}

/** Sends a consultation to the county's linked members (in the caller's transaction). */
export async function startConsultation(tx: Db, actor: Actor, c: NewConsultation, now = new Date()): Promise<{ id: number; deliveryId: number; total: number; created: boolean }> {
  if (actor.kind !== "assistant") throw new DomainError("forbidden", "Only a county's assistant holds consultations.");
  if (!allows(actor, "member", "write", { countyId: actor.countyId, provinceId: actor.provinceId })) throw new DomainError("forbidden", "Not your county.");
  if (c.options.length === 1 || c.options.length > MAX_OPTIONS) throw new DomainError("bad_options", `Give 2 to ${MAX_OPTIONS} options, or none for free-text answers.`);
  const members = await linkedMembers(tx, actor.countyId);
  if (members.length === 0) throw new DomainError("no_linked_members", "No member of the network has joined the bot yet.");
  const delivery = await createDelivery(tx, {
    kind: "consultation",
    key: `consultation:${c.key}`,
    audience: { to: "users", userIds: members },
    createdBy: actor.userId,
    message: { text: c.question, button: { kind: "consult", options: c.options } },
  });
  if (!delivery.created) {
    const [row] = rowsOf(await tx.execute(sql`select id from consultations where delivery_id = ${delivery.id}`));
    return { id: Number(row.id), deliveryId: delivery.id, total: members.length, created: false };
  }
  const day = tehranJalaliDay(now);
  const [row] = rowsOf(
    await tx.execute(sql`
      insert into consultations (delivery_id, county_id, province_id, created_by, question, options, j_year, j_month)
      values (${delivery.id}, ${actor.countyId}, ${actor.provinceId}, ${actor.userId}, ${c.question}, ${JSON.stringify(c.options)}::jsonb, ${day.jy}, ${day.jm})
      returning id`),
  );
  if (c.progress) await attachProgressMessage(tx, delivery.id, c.progress);
  return { id: Number(row.id), deliveryId: delivery.id, total: members.length, created: true };
}

export type AnswerResult = { ok: true; first: boolean } | { ok: false; reason: "not_recipient" | "bad_option" };

/** Records a member's answer to the consultation sent by `deliveryId`: an option's index or a text. The first answer counts. */
export async function answerConsultation(tx: Db, userId: number, deliveryId: number, answer: { option: number } | { text: string }): Promise<AnswerResult> {
  const [c] = rowsOf(
    await tx.execute(sql`
      select c.id, c.options from consultations c join delivery_recipients r on r.delivery_id = c.delivery_id and r.user_id = ${userId}
      where c.delivery_id = ${deliveryId}`),
  );
  if (!c) return { ok: false, reason: "not_recipient" };
  const options = c.options as string[];
  if ("option" in answer && (options.length === 0 || answer.option < 0 || answer.option >= options.length)) return { ok: false, reason: "bad_option" };
  if ("text" in answer && options.length > 0) return { ok: false, reason: "bad_option" };
  const [row] = rowsOf(
    await tx.execute(sql`
      insert into consultation_answers (consultation_id, user_id, option_index, text)
      values (${c.id}, ${userId}, ${"option" in answer ? answer.option : null}, ${"text" in answer ? answer.text : null})
      on conflict (consultation_id, user_id) do nothing returning id`),
  );
  return { ok: true, first: row !== undefined };
}

export interface ConsultationSummary {
  id: number;
  question: string;
  options: { label: string; count: number }[];
  /** Free-text answers, oldest first. */
  texts: string[];
  asked: number;
  answered: number;
  createdAt: Date;
}

/** One consultation's summary, for the assistant of its county (and whoever reads that county's members). */
export async function consultationSummary(db: Db, actor: Actor, id: number): Promise<ConsultationSummary | null> {
  const [c] = rowsOf(await db.execute(sql`select * from consultations where id = ${id}`));
  if (!c || !allows(actor, "member", "read", { countyId: c.county_id, provinceId: c.province_id })) return null;
  return summarize(db, c);
}

async function summarize(db: Db, c: Record<string, any>): Promise<ConsultationSummary> {
  const answers = rowsOf(await db.execute(sql`select option_index, text from consultation_answers where consultation_id = ${c.id} order by id`));
  const [{ n }] = rowsOf(await db.execute(sql`select count(*)::int as n from delivery_recipients where delivery_id = ${c.delivery_id}`));
  const options = (c.options as string[]).map((label, i) => ({ label, count: answers.filter((a) => a.option_index === i).length }));
  return {
    id: Number(c.id),
    question: c.question,
    options,
    texts: answers.filter((a) => a.text).map((a) => a.text as string),
    asked: Number(n),
    answered: answers.length,
    createdAt: new Date(c.created_at),
  };
}

/** A county's consultations of a Jalali month (or the latest ones), newest first, summarised: for the assistant's list and the monthly report. */
export async function countyConsultations(db: Db, actor: Actor, countyId: number, month?: JalaliMonth, limit = 20): Promise<ConsultationSummary[]> {
  const [county] = rowsOf(await db.execute(sql`select province_id from counties where id = ${countyId}`));
  if (!county || !allows(actor, "member", "count", { countyId, provinceId: Number(county.province_id) })) return [];
  const inMonth = month ? sql`and j_year = ${month.jy} and j_month = ${month.jm}` : sql``;
  const rows = rowsOf(await db.execute(sql`select * from consultations where county_id = ${countyId} ${inMonth} order by id desc limit ${limit}`));
  return Promise.all(rows.map((c) => summarize(db, c)));
}
