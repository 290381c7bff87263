import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { allows, type Actor } from "./access.ts";
import { checkAudience, type Audience } from "./audiences.ts";
import { attachProgressMessage, cancelDelivery, createDelivery, deliveryCounts, type DeliveryCounts, type ProgressMessage } from "./deliveries.ts";
import { DomainError } from "./errors.ts";

// Announcements (اطلاع‌رسانی): an admin's message to citizens who opted in or to staff by role and region,
// now or at a set time, with live progress and a cancel button. Citizens get a button under each one to
// stop them; the menu turns them on and off.

export interface NewBroadcast {
  text: string;
  photo?: string;
  audience: Exclude<Audience, { to: "users" }>;
  /** Later than now: a scheduled announcement (the scheduled-announcements job starts it). */
  sendAt?: Date;
  key: string;
  /** The admin's chat, where a message shows its progress (edited in place) with a cancel button. */
  progress?: ProgressMessage;
}

/** Creates an announcement in the caller's transaction; the same key answers the first one. */
export async function createBroadcast(tx: Db, actor: Actor, b: NewBroadcast): Promise<{ id: number; created: boolean; counts: DeliveryCounts }> {
  if (!allows(actor, "broadcast", "write", {})) throw new DomainError("forbidden", "Only an admin sends announcements.");
  await checkAudience(tx, actor, "broadcast", b.audience);
  const d = await createDelivery(tx, {
    kind: "announcement",
    key: `broadcast:${b.key}`,
    audience: b.audience,
    createdBy: "userId" in actor ? actor.userId : null,
    createdByKey: "keyId" in actor ? actor.keyId : null,
    notBefore: b.sendAt,
    message: { text: b.text, photo: b.photo, button: b.audience.to === "citizens" ? { kind: "unsubscribe" } : undefined },
  });
  if (d.created && b.progress) await attachProgressMessage(tx, d.id, b.progress);
  return { id: d.id, created: d.created, counts: (await deliveryCounts(tx, d.id))! };
}

/** An announcement's figures, for an admin; null when it is not an announcement. */
export async function getBroadcast(db: Db, actor: Actor, id: number): Promise<(DeliveryCounts & { text: string; audience: Audience }) | null> {
  if (!allows(actor, "broadcast", "read", {})) return null;
  const [row] = rowsOf(await db.execute(sql`select message, audience from deliveries where id = ${id} and kind = 'announcement'`));
  if (!row) return null;
  const counts = await deliveryCounts(db, id);
  return counts && { ...counts, text: (row.message as { text: string }).text, audience: row.audience as Audience };
}

/**
 * Cancels a delivery for its issuer or an admin (the cancel button under the progress message, the API).
 * Answers "cancelled", "ended" (it had already finished) or "forbidden".
 */
export async function cancelDeliveryAs(tx: Db, actor: Actor, id: number): Promise<"cancelled" | "ended" | "forbidden"> {
  const [row] = rowsOf(await tx.execute(sql`select created_by, created_by_key, kind from deliveries where id = ${id}`));
  if (!row) return "forbidden";
  const own = ("userId" in actor && Number(row.created_by) === actor.userId) || ("keyId" in actor && Number(row.created_by_key) === actor.keyId);
  const kind = row.kind === "announcement" ? "broadcast" : "directive";
  if (!own && !allows(actor, kind, "write", {})) return "forbidden";
  return (await cancelDelivery(tx, id)) ? "cancelled" : "ended";
}

/** Turns a citizen's announcements on or off. */
export async function setAnnouncements(db: Db, userId: number, on: boolean): Promise<void> {
  await db.execute(sql`update users set announcements_opt_in = ${on}, updated_at = now() where id = ${userId}`);
}
