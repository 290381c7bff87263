import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { createDelivery } from "./deliveries.ts";

// Reminders of directives not yet acknowledged (SPEC §3: "reminders until acknowledged"): a recipient who
// received one and has not pressed «تأیید دریافت» is reminded after 24 hours and again after 72; after the
// last reminder the issuer is told who is still waiting. Each directive's reminders of one run are one
// delivery (kind reminder) carrying the same acknowledge button; `reminders` on the recipient row makes
// each stage once per recipient, however often the job runs.

export const REMINDER_AFTER_HOURS = [24, 72] as const;

export interface Escalation {
  directiveId: number;
  title: string;
  waiting: number;
  total: number;
  /** Whom to tell: the issuer in chat, else the agency's ministry representatives, else (empty) the admins. */
  issuerUserId: number | null;
  issuerAgencyId: number | null;
}

/** Sends the reminders of one stage (1: after 24 h, 2: after 72 h) due at `now`; `slot` names the run. */
export async function remindUnacknowledged(tx: Db, stage: 1 | 2, now: Date, slot: string): Promise<{ directives: number; recipients: number; escalations: Escalation[] }> {
  const hours = REMINDER_AFTER_HOURS[stage - 1];
  const due = rowsOf(
    await tx.execute(sql`
      select d.id, d.delivery_id, d.title, d.body, d.due_at, del.created_by, d.issuer_agency_id, array_agg(r.user_id order by r.user_id) as users
      from delivery_recipients r
      join directives d on d.delivery_id = r.delivery_id
      join deliveries del on del.id = r.delivery_id
      where del.state <> 'cancelled' and r.state = 'sent' and r.acknowledged_at is null and r.reminders = ${stage - 1}
        and r.sent_at <= ${now.toISOString()}::timestamptz - make_interval(hours => ${hours})
        and (d.due_at is null or d.due_at > ${now.toISOString()}::timestamptz)
      group by d.id, del.created_by
      order by d.id`),
  );
  let recipients = 0;
  const escalations: Escalation[] = [];
  for (const d of due) {
    const userIds = (d.users as (number | string)[]).map(Number);
    await createDelivery(tx, {
      kind: "reminder",
      key: `reminder:${d.delivery_id}:${stage}:${slot}`,
      audience: { to: "users", userIds },
      createdBy: d.created_by == null ? null : Number(d.created_by),
      message: { title: d.title, text: d.body, dueAt: d.due_at ? new Date(d.due_at).toISOString() : undefined, button: { kind: "acknowledge", deliveryId: Number(d.delivery_id) } },
    });
    await tx.execute(sql`update delivery_recipients set reminders = ${stage} where delivery_id = ${d.delivery_id} and user_id = any(${`{${userIds.join(",")}}`}::bigint[])`);
    recipients += userIds.length;
    if (stage === REMINDER_AFTER_HOURS.length) {
      const [counts] = rowsOf(
        await tx.execute(sql`select count(*) as total, count(*) filter (where acknowledged_at is null) as waiting from delivery_recipients where delivery_id = ${d.delivery_id}`),
      );
      escalations.push({
        directiveId: Number(d.id),
        title: d.title,
        waiting: Number(counts.waiting),
        total: Number(counts.total),
        issuerUserId: d.created_by == null ? null : Number(d.created_by),
        issuerAgencyId: d.issuer_agency_id == null ? null : Number(d.issuer_agency_id),
      });
    }
  }
  return { directives: due.length, recipients, escalations };
}
