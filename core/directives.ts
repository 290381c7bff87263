import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import { allows, scopeCondition, type Actor } from "./access.ts";
import { checkAudience, type Audience } from "./audiences.ts";
import { addLateRecipient, attachProgressMessage, createDelivery, deliveryCounts, type DeliveryCounts, type ProgressMessage } from "./deliveries.ts";
import { DomainError } from "./errors.ts";

// Directives (ابلاغیه, seed 004): issued by an admin, a ministry's representative or an agency back-end to
// staff by role and region, forwarded by a provincial representative to the province's assistants. Each
// recipient acknowledges receipt with one button; the issuer follows who has and who has not. A directive
// is a delivery (core/deliveries.ts) with a title, a due date and an issuer's place for scoping reads.

/** How long after issue a directive still reaches staff who join later (unless its due date passed). */
export const LATE_JOIN_DAYS = 90;

export interface NewDirective {
  title: string;
  body: string;
  audience: Extract<Audience, { to: "staff" }>;
  dueAt?: Date | null;
  photo?: string;
  documents?: string[];
  /** Idempotency: the same key issues one directive. */
  key: string;
  /** The directive this one forwards. */
  parentId?: number;
  /** The issuer's chat, where a message shows how far sending has got. */
  progress?: ProgressMessage;
}

export interface IssuedDirective {
  id: number;
  deliveryId: number;
  created: boolean;
  total: number;
}

function issuerPlace(actor: Actor): { role: string; provinceId: number | null; agencyId: number | null; userId: number | null; keyId: number | null } {
  const userId = "userId" in actor ? actor.userId : null;
  const keyId = "keyId" in actor ? actor.keyId : null;
  if (actor.kind === "ministry" || actor.kind === "agency_key") return { role: actor.kind === "ministry" ? "ministry" : "agency", provinceId: null, agencyId: actor.agencyId, userId, keyId };
  if (actor.kind === "provincial") return { role: "provincial", provinceId: actor.provinceId, agencyId: null, userId, keyId };
  return { role: "admin", provinceId: null, agencyId: null, userId, keyId };
}

/** Issues a directive in the caller's transaction: the directive, its delivery and its recipients. */
export async function issueDirective(tx: Db, actor: Actor, d: NewDirective): Promise<IssuedDirective> {
  const place = issuerPlace(actor);
  if (!allows(actor, "directive", "write", { provinceId: place.provinceId, agencyIds: [place.agencyId] })) throw new DomainError("forbidden", "This role cannot issue directives.");
  await checkAudience(tx, actor, "directive", d.audience);
  if (d.dueAt && d.dueAt.getTime() <= Date.now()) throw new DomainError("due_in_past", "The due date has already passed.");
  const delivery = await createDelivery(tx, {
    kind: "directive",
    key: `directive:${d.key}`,
    audience: d.audience,
    createdBy: place.userId,
    createdByKey: place.keyId,
    message: { title: d.title, text: d.body, dueAt: d.dueAt?.toISOString(), photo: d.photo, documents: d.documents, button: { kind: "acknowledge" } },
  });
  if (!delivery.created) {
    const [row] = rowsOf(await tx.execute(sql`select id from directives where delivery_id = ${delivery.id}`));
    return { id: Number(row.id), deliveryId: delivery.id, created: false, total: (await deliveryCounts(tx, delivery.id))?.total ?? 0 };
  }
  const [row] = rowsOf(
    await tx.execute(sql`
      insert into directives (delivery_id, title, body, due_at, issuer_role, issuer_province_id, issuer_agency_id, parent_id)
      values (${delivery.id}, ${d.title}, ${d.body}, ${d.dueAt?.toISOString() ?? null}, ${place.role}, ${place.provinceId}, ${place.agencyId}, ${d.parentId ?? null})
      returning id`),
  );
  if (d.progress) await attachProgressMessage(tx, delivery.id, d.progress);
  return { id: Number(row.id), deliveryId: delivery.id, created: true, total: (await deliveryCounts(tx, delivery.id))?.total ?? 0 };
}

/** What every view of a directive shows. */
interface DirectiveHead {
  id: number;
  deliveryId: number;
  title: string;
  body: string;
  dueAt: Date | null;
  createdAt: Date;
}

/** A directives row (joined with whatever else the query read) as the head of a view. */
const headOf = (row: Record<string, any>): DirectiveHead => ({
  id: Number(row.id),
  deliveryId: Number(row.delivery_id),
  title: row.title,
  body: row.body,
  dueAt: row.due_at ? new Date(row.due_at) : null,
  createdAt: new Date(row.created_at),
});

export interface DirectiveView extends DirectiveHead {
  issuerRole: string;
  parentId: number | null;
  audience: Audience;
  counts: DeliveryCounts;
  acknowledged: number;
  /** Recipients who have not acknowledged, with what the issuer needs to follow them up. */
  waiting: {
    userId: number;
    name: string | null;
    username: string | null;
    role: string;
    provinceId: number | null;
    countyId: number | null;
    agencyId: number | null;
    received: boolean;
    /** The recipient's delivery state: pending, sending, sent, blocked, failed or cancelled. */
    state: string;
  }[];
}

/** A directive with its progress, when the actor may follow it (its issuer, an admin); null otherwise. */
export async function getDirective(db: Db, actor: Actor, id: number): Promise<DirectiveView | null> {
  const scope = scopeCondition(actor, "directive", "read") ?? sql`true`;
  const [d] = rowsOf(
    await db.execute(sql`
      select directives.*, deliveries.audience, deliveries.created_by from directives join deliveries on deliveries.id = directives.delivery_id
      where directives.id = ${id} and (${scope} or deliveries.created_by = ${"userId" in actor ? actor.userId : null})`),
  );
  if (!d) return null;
  const counts = (await deliveryCounts(db, Number(d.delivery_id)))!;
  const people = rowsOf(
    await db.execute(sql`
      select r.user_id, r.state, r.acknowledged_at, u.first_name, u.username, u.roles[1] as role, u.province_id, u.county_id, u.agency_id
      from delivery_recipients r join users u on u.id = r.user_id
      where r.delivery_id = ${d.delivery_id} order by u.province_id nulls first, u.county_id nulls first, u.id`),
  );
  return {
    ...headOf(d),
    issuerRole: d.issuer_role,
    parentId: d.parent_id == null ? null : Number(d.parent_id),
    audience: d.audience as Audience,
    counts,
    acknowledged: people.filter((p) => p.acknowledged_at).length,
    waiting: people
      .filter((p) => !p.acknowledged_at)
      .map((p) => ({
        userId: Number(p.user_id),
        name: p.first_name,
        username: p.username,
        role: p.role,
        provinceId: p.province_id == null ? null : Number(p.province_id),
        countyId: p.county_id == null ? null : Number(p.county_id),
        agencyId: p.agency_id == null ? null : Number(p.agency_id),
        received: p.state === "sent",
        state: p.state,
      })),
  };
}

export type AckResult = { ok: true; directiveId: number; title: string; first: boolean } | { ok: false; reason: "not_recipient" };

/** Records a recipient's acknowledgement of the directive sent by `deliveryId`; a second press changes nothing. */
export async function acknowledgeDirective(tx: Db, userId: number, deliveryId: number): Promise<AckResult> {
  const [row] = rowsOf(
    await tx.execute(sql`
      with target as (select r.id, r.acknowledged_at from delivery_recipients r where r.delivery_id = ${deliveryId} and r.user_id = ${userId}),
      acked as (update delivery_recipients r set acknowledged_at = now() from target where r.id = target.id and target.acknowledged_at is null returning r.id)
      select d.id, d.title, exists (select 1 from target) as recipient, exists (select 1 from acked) as first
      from directives d where d.delivery_id = ${deliveryId}`),
  );
  if (!row || !row.recipient) return { ok: false, reason: "not_recipient" };
  return { ok: true, directiveId: Number(row.id), title: row.title, first: Boolean(row.first) };
}

/** Directives the actor issued (or may follow), newest first, with their acknowledgement counts. */
export async function listDirectives(db: Db, actor: Actor, limit = 20): Promise<{ id: number; title: string; createdAt: Date; total: number; acknowledged: number; state: string; parentId: number | null }[]> {
  const scope = scopeCondition(actor, "directive", "read") ?? sql`true`;
  const rows = rowsOf(
    await db.execute(sql`
      select directives.id, directives.title, directives.created_at, directives.parent_id, deliveries.state,
        (select count(*) from delivery_recipients r where r.delivery_id = deliveries.id) as total,
        (select count(*) from delivery_recipients r where r.delivery_id = deliveries.id and r.acknowledged_at is not null) as acknowledged
      from directives join deliveries on deliveries.id = directives.delivery_id
      where ${scope} or deliveries.created_by = ${"userId" in actor ? actor.userId : null}
      order by directives.id desc limit ${limit}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    createdAt: new Date(r.created_at),
    total: Number(r.total),
    acknowledged: Number(r.acknowledged),
    state: r.state,
    parentId: r.parent_id == null ? null : Number(r.parent_id),
  }));
}

/** Directives a user received, newest first, acknowledged or not (a recipient's list, and a provincial representative's to forward from). */
export async function receivedDirectives(db: Db, userId: number, limit = 20): Promise<{ id: number; title: string; acknowledged: boolean; createdAt: Date; dueAt: Date | null }[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select d.id, d.title, d.created_at, d.due_at, r.acknowledged_at from delivery_recipients r join directives d on d.delivery_id = r.delivery_id
      where r.user_id = ${userId} and r.state <> 'cancelled' order by d.id desc limit ${limit}`),
  );
  return rows.map((r) => ({ id: Number(r.id), title: r.title, acknowledged: r.acknowledged_at != null, createdAt: new Date(r.created_at), dueAt: r.due_at ? new Date(r.due_at) : null }));
}

export interface ReceivedDirective extends DirectiveHead {
  acknowledged: boolean;
  photo: string | null;
  documents: string[];
  /** How many times the recipient's province has forwarded it (a provincial representative's own forwards). */
  forwards: number;
}

/** One directive as the user received it; null when it was not sent to them. */
export async function receivedDirective(db: Db, userId: number, id: number): Promise<ReceivedDirective | null> {
  const [r] = rowsOf(
    await db.execute(sql`
      select d.id, d.delivery_id, d.title, d.body, d.due_at, d.created_at, r.acknowledged_at, del.message,
        (select count(*) from directives f join deliveries fd on fd.id = f.delivery_id where f.parent_id = d.id and fd.created_by = ${userId}) as forwards
      from delivery_recipients r join directives d on d.delivery_id = r.delivery_id join deliveries del on del.id = d.delivery_id
      where r.user_id = ${userId} and d.id = ${id} and r.state <> 'cancelled'`),
  );
  if (!r) return null;
  const message = r.message as { photo?: string; documents?: string[] };
  return {
    ...headOf(r),
    acknowledged: r.acknowledged_at != null,
    photo: message.photo ?? null,
    documents: message.documents ?? [],
    forwards: Number(r.forwards),
  };
}

/**
 * Forwards a directive the provincial representative received to the assistants of their province (or
 * some of its counties): a new directive pointing to it, with the same title, text and due date.
 */
export async function forwardDirective(tx: Db, actor: Actor, directiveId: number, countyIds: number[] | undefined, key: string, progress?: ProgressMessage): Promise<IssuedDirective> {
  if (actor.kind !== "provincial") throw new DomainError("forbidden", "Only a provincial representative forwards directives.");
  const [d] = rowsOf(
    await tx.execute(sql`
      select d.*, del.message from directives d join deliveries del on del.id = d.delivery_id
      join delivery_recipients r on r.delivery_id = d.delivery_id and r.user_id = ${actor.userId}
      where d.id = ${directiveId}`),
  );
  if (!d) throw new DomainError("not_found", "No such directive among those you received.");
  const message = d.message as { photo?: string; documents?: string[] };
  return issueDirective(tx, actor, {
    title: d.title,
    body: d.body,
    dueAt: d.due_at && new Date(d.due_at).getTime() > Date.now() ? new Date(d.due_at) : null,
    photo: message.photo,
    documents: message.documents,
    audience: { to: "staff", roles: ["assistant"], ...(countyIds && countyIds.length > 0 ? { countyIds } : { provinceIds: [actor.provinceId] }) },
    parentId: directiveId,
    key,
    progress,
  });
}

/**
 * A staff member who just joined gets the directives still open for their role and region: issued in the
 * last LATE_JOIN_DAYS, not cancelled, not past due. Answers the deliveries they were added to.
 */
export async function joinOpenDirectives(tx: Db, userId: number): Promise<number[]> {
  const open = rowsOf(
    await tx.execute(sql`
      select d.delivery_id from directives d join deliveries del on del.id = d.delivery_id
      where del.state in ('running', 'done') and d.created_at > now() - make_interval(days => ${LATE_JOIN_DAYS}) and (d.due_at is null or d.due_at > now())`),
  ).map((r) => Number(r.delivery_id));
  return addLateRecipient(tx, open, userId);
}
