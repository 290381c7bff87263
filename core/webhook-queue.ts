import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/rows.ts";
import type { OutboxItem } from "./outbox.ts";

// The agency webhook queue, scheduled per destination (an agency's webhook URL) rather than per item.
// A healthy destination gets up to `concurrency` deliveries at once, one per case (an item waits while an
// older one of its case is pending). A failing one gets a single probe at a time, not before its
// next_probe_at; the others wait without being attempted. When the probe succeeds the destination is
// healthy again and its whole backlog is due at once. The state lives in webhook_destinations, so every
// instance sees it; claims are serialised by a transaction-scoped advisory lock, which keeps the
// per-destination counts exact across instances. Each step is one statement (PGlite pays per statement).

/** Any fixed number; only webhook claims take it. */
const CLAIM_LOCK = 72_616_010;

export interface WebhookQueueLimits {
  /** Deliveries in flight per healthy destination. */
  concurrency: number;
  /** How long a claimed item is hidden from other workers; longer than the slowest delivery. */
  leaseSeconds: number;
  /** Names the claiming instance, so a restart under the same name can take its claims back. */
  instanceId: string;
}

export interface ClaimedWebhook {
  item: OutboxItem;
  /** The agency's URL at claim time, or `agency:<id>` while it has none. */
  destination: string;
  /** The agency's webhook URL and secret at claim time (null: none registered). */
  url: string | null;
  secret: string | null;
  /** Claimed as the one probe of a failing destination. */
  probe: boolean;
}

/** What one attempt came to, as the delivery log (webhook_attempts) keeps it. */
export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** The destination key of an agency row `a` (SQL). */
const destinationOf = sql`coalesce(a.webhook_url, 'agency:' || a.id::text)`;

/**
 * Every place an agency webhook can be addressed to: an agency (unit_id null), or a unit of it that has a
 * URL of its own, signed with its own secret. An item of a unit without a URL goes with its agency's items
 * (same URL, secret and health), so the hundreds of seeded units cost the claim nothing until one is wired.
 */
const destinations = sql`
  select a.id as agency_id, null::int as unit_id, ${destinationOf} as destination, a.webhook_url as url, a.webhook_secret as secret
  from agencies a
  union all
  select u.agency_id, u.id, u.webhook_url, u.webhook_url, u.webhook_secret
  from agency_units u where u.webhook_url is not null`;

/** Whether outbox row `item` goes to destination row `d` (both of one agency). */
const goesTo = (d: string, item: string) => sql.raw(`
  ${item}.agency_id = ${d}.agency_id and (
    ${item}.unit_id = ${d}.unit_id
    or (${d}.unit_id is null and (${item}.unit_id is null
      or not exists (select 1 from agency_units own where own.id = ${item}.unit_id and own.webhook_url is not null))))`);

/** The due heads of agency `s.agency_id`, unit `s.unit_id` (one case's items go one at a time, oldest first). */
const heads = (order: SQL, n: number) => sql`
  select o.id, o.next_attempt_at from outbox o
  where ${goesTo("s", "o")} and o.kind = 'agency_webhook' and o.status = 'pending'
    and o.next_attempt_at <= now()
    and (o.claimed_until is null or o.claimed_until <= now())
    and not exists (select 1 from outbox older where older.order_key = o.order_key and older.status = 'pending' and older.id < o.id)
  order by ${order}
  limit ${n}`;

/**
 * Claims up to `limit` due agency webhooks across destinations, within each destination's allowance:
 * `concurrency` minus those in flight when healthy, one probe (when none is in flight and next_probe_at
 * has come) when failing. `precheck` first asks cheaply whether anything is due at all (idle polls).
 */
export async function claimWebhooks(db: Db, limit: number, o: WebhookQueueLimits, precheck = true): Promise<ClaimedWebhook[]> {
  if (precheck && !(await anyDue(db))) return [];
  const lease = sql`now() + make_interval(secs => ${o.leaseSeconds})`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
    // Per agency (a few dozen rows), its first due heads through outbox_agency_idx; a destination that is
    // waiting for its probe time or is full is skipped before its backlog is read. A failing destination's
    // probe is the head tried longest ago (a failed probe is stamped with the time it failed), so one case
    // the receiver keeps refusing does not stand in front of the others. The allowance is counted per
    // destination, not per agency: agencies may share a URL.
    const result = await tx.execute(sql`
      with dest as (${destinations}),
      in_flight as (
        select d.destination, count(*)::int as n
        from outbox f join dest d on ${goesTo("d", "f")}
        where f.claimed_until is not null and f.claimed_until > now() and f.kind = 'agency_webhook' and f.status = 'pending'
        group by d.destination
      ),
      ready as (
        select d.agency_id, d.unit_id, d.destination, d.url, d.secret, coalesce(w.failures, 0) as failures, coalesce(i.n, 0) as in_flight
        from dest d
        left join webhook_destinations w on w.destination = d.destination
        left join in_flight i on i.destination = d.destination
        where (w.next_probe_at is null or w.next_probe_at <= now())
          and coalesce(i.n, 0) < case when coalesce(w.failures, 0) > 0 then 1 else ${o.concurrency} end
      ),
      candidates as (
        select s.destination, s.url, s.secret, s.failures, s.in_flight, h.id, h.next_attempt_at
        from ready s cross join lateral (${heads(sql`o.id`, o.concurrency)}) h where s.failures = 0
        union all
        select s.destination, s.url, s.secret, s.failures, s.in_flight, h.id, h.next_attempt_at
        from ready s cross join lateral (${heads(sql`o.next_attempt_at, o.id`, 1)}) h where s.failures > 0
      ),
      chosen as (
        select id, destination, url, secret, failures > 0 as probe from (
          select c.*, row_number() over (partition by c.destination order by c.next_attempt_at, c.id) as rank from candidates c
        ) ranked
        where rank <= case when failures > 0 then 1 else ${o.concurrency} end - in_flight
        order by next_attempt_at, id
        limit ${limit}
      ),
      -- A probe in flight keeps its destination out of every poll until it settles (or its lease runs out).
      probing as (
        update webhook_destinations set next_probe_at = ${lease}, updated_at = now()
        where destination in (select destination from chosen where probe)
      )
      update outbox o
      set attempts = o.attempts + 1, claimed_until = ${lease}, claimed_by = ${o.instanceId}
      from chosen c
      where o.id = c.id
      returning o.*, c.destination, c.probe, c.url as agency_url, c.secret as agency_secret`);
    return rowsOf(result)
      .map(claimedOf)
      .sort((x, y) => x.item.id - y.item.id);
  });
}

/** Whether any destination that may be sent to now has a due item: one probe per agency, no lock. */
async function anyDue(db: Db): Promise<boolean> {
  const result = await db.execute(sql`
    select 1 from (${destinations}) d
    left join webhook_destinations w on w.destination = d.destination
    where (w.next_probe_at is null or w.next_probe_at <= now())
      and exists (
        select 1 from outbox o
        where ${goesTo("d", "o")} and o.kind = 'agency_webhook' and o.status = 'pending' and o.next_attempt_at <= now()
          and (o.claimed_until is null or o.claimed_until <= now()))
    limit 1`);
  return rowsOf(result).length > 0;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/** A raw claimed row (snake_case, int8 as text on postgres.js) as typed data. */
function claimedOf(r: Record<string, any>): ClaimedWebhook {
  const item: OutboxItem = {
    id: Number(r.id),
    kind: r.kind,
    key: r.key,
    orderKey: r.order_key,
    caseId: num(r.case_id),
    agencyId: num(r.agency_id),
    unitId: num(r.unit_id),
    event: r.event,
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: date(r.next_attempt_at)!,
    lastError: r.last_error,
    claimedUntil: date(r.claimed_until),
    claimedBy: r.claimed_by,
    createdAt: date(r.created_at)!,
    doneAt: date(r.done_at),
  };
  return { item, destination: String(r.destination), url: r.agency_url ?? null, secret: r.agency_secret ?? null, probe: r.probe === true || r.probe === "t" };
}

/** The delivery log row and the item's release, shared by both outcomes. */
const logAttempt = (c: ClaimedWebhook, outcome: AttemptOutcome) => sql`
  logged as (
    insert into webhook_attempts (outbox_id, attempt, status_code, error, duration_ms)
    values (${c.item.id}, ${c.item.attempts}, ${outcome.statusCode}, ${outcome.error}, ${outcome.durationMs})
  )`;

/**
 * Logs a delivered attempt and marks the item done; when its destination was failing it is healthy
 * again (`healed`, so the caller claims the backlog at once instead of after its idle pause). The case's
 * next item, when due, is claimed in the same statement and handed back (`next`): a case's backlog goes
 * out one after another in the slot it already holds, without a claim per item.
 */
export async function settleDelivered(db: Db, c: ClaimedWebhook, outcome: AttemptOutcome, o: WebhookQueueLimits): Promise<{ healed: boolean; next: ClaimedWebhook | null }> {
  const result = await db.execute(sql`
    with ${logAttempt(c, outcome)},
    done as (
      update outbox set status = 'done', done_at = now(), last_error = null, claimed_until = null, claimed_by = null
      where id = ${c.item.id}
    ),
    healed as (
      update webhook_destinations
      set failures = 0, next_probe_at = null, failing_since = null, last_error = null, updated_at = now()
      where destination = ${c.destination} and failures > 0
      returning destination
    ),
    -- This statement still sees the item it completes as pending: it is left out of the older-item check.
    following as (
      select n.id from outbox n
      where n.order_key = ${c.item.orderKey} and n.kind = 'agency_webhook' and n.status = 'pending' and n.id > ${c.item.id}
        and n.next_attempt_at <= now() and (n.claimed_until is null or n.claimed_until <= now())
        and not exists (select 1 from outbox older where older.order_key = n.order_key and older.status = 'pending' and older.id < n.id and older.id <> ${c.item.id})
      order by n.id
      limit 1
    ),
    handed as (
      update outbox o
      set attempts = o.attempts + 1, claimed_until = now() + make_interval(secs => ${o.leaseSeconds}), claimed_by = ${o.instanceId}
      from following f
      where o.id = f.id
      returning o.*
    )
    select (select count(*) from healed)::int as healed, h.* from (select 1) as one left join handed h on true`);
  const [row] = rowsOf(result);
  const healed = Number(row?.healed ?? 0) > 0;
  if (!row || row.id === null || row.id === undefined) return { healed, next: null };
  const next = claimedOf({ ...row, destination: c.destination, probe: false, agency_url: c.url, agency_secret: c.secret });
  return { healed, next };
}

/**
 * Logs a failed attempt: the destination's failures go up and its next probe moves out (base × 2^n,
 * capped, ±10% jitter). A probe's item stays due, waiting for the destination (stamped now, so the next
 * probe takes another case's head first); an item that failed while its destination looked healthy also
 * backs off by itself, so one case the receiver keeps refusing does not hold up the rest each time.
 */
export async function settleFailed(db: Db, c: ClaimedWebhook, outcome: AttemptOutcome & { error: string }, backoff: Backoff): Promise<void> {
  const message = outcome.error.slice(0, 1000);
  const delay = (n: SQL) => sql`make_interval(secs => least(${backoff.capMs}, ${backoff.baseMs} * power(2, greatest(0, ${n} - 1))) / 1000.0 * (0.9 + random() * 0.2))`;
  await db.execute(sql`
    with ${logAttempt(c, { ...outcome, error: message })},
    released as (
      update outbox
      set last_error = ${message}, claimed_until = null, claimed_by = null,
          next_attempt_at = ${c.probe ? sql`now()` : sql`now() + ${delay(sql`attempts`)}`}
      where id = ${c.item.id}
    )
    insert into webhook_destinations as w (destination, failures, next_probe_at, failing_since, last_error)
    values (${c.destination}, 1, now() + ${delay(sql`1`)}, now(), ${message})
    on conflict (destination) do update set
      failures = w.failures + 1,
      next_probe_at = now() + ${delay(sql`w.failures + 1`)},
      failing_since = coalesce(w.failing_since, now()),
      last_error = excluded.last_error,
      updated_at = now()`);
}

/**
 * Releases the claims an instance held when it stopped or crashed, so its restart delivers them at once;
 * a failing destination whose probe it held is due for a probe again.
 */
export async function releaseClaims(db: Db, instanceId: string): Promise<number> {
  const result = await db.execute(sql`
    with released as (
      update outbox set claimed_until = null, claimed_by = null
      where claimed_by = ${instanceId} and status = 'pending' and kind = 'agency_webhook'
      returning agency_id, unit_id
    ),
    reprobed as (
      update webhook_destinations set next_probe_at = now(), updated_at = now()
      where failures > 0 and destination in (
        select d.destination from (${destinations}) d join released r on ${goesTo("d", "r")})
    )
    select count(*)::int as n from released`);
  return Number(rowsOf(result)[0]?.n ?? 0);
}

/** Makes an agency's (or its unit's) destination due for a probe now (a manual retry should not wait out the backoff). */
export async function probeNow(db: Db, agencyId: number, unitId: number | null = null): Promise<void> {
  await db.execute(sql`
    update webhook_destinations set next_probe_at = now(), updated_at = now()
    where failures > 0 and destination in (
      select d.destination from (${destinations}) d, (select ${agencyId}::int as agency_id, ${unitId}::int as unit_id) item where ${goesTo("d", "item")})`);
}
