import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { cancelDeliveryAs, createBroadcast, getBroadcast } from "../../../core/broadcasts.ts";
import { listAgencies, listProvinces } from "../../../core/catalog.ts";
import { getDirective, issueDirective, type DirectiveView } from "../../../core/directives.ts";
import { parseTehranTime } from "../../../core/jalali-calendar.ts";
import { toPersianDigits } from "../../../core/persian.ts";
import type { Actor } from "../../../core/access.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { broadcastView, directiveView, postBroadcastBody, postDirectiveBody } from "./delivery-schemas.ts";
import { ApiError } from "./errors.ts";
import { errors, idParams } from "./schemas.ts";

// Directives and announcements over API v1: an agency back-end or an admin key issues a directive and
// follows its acknowledgements; an admin key sends an announcement, follows it and cancels it.

const security = [{ bearerAuth: [] }];

async function provinceIds(deps: ApiDeps, codes: string[] | undefined): Promise<number[] | undefined> {
  if (!codes) return undefined;
  const all = await listProvinces(deps);
  return codes.map((code) => {
    const p = all.find((x) => x.code === code.toUpperCase());
    if (!p) throw new ApiError(400, "unknown_province", `audience.provinces: no province with code ${code}.`);
    return p.id;
  });
}

async function agencyIds(deps: ApiDeps, codes: string[] | undefined): Promise<number[] | undefined> {
  if (!codes) return undefined;
  const all = await listAgencies(deps);
  return codes.map((code) => {
    const a = all.find((x) => x.code === code);
    if (!a) throw new ApiError(400, "unknown_agency", `audience.agencies: no agency with code ${code}.`);
    return a.id;
  });
}

function time(value: string | undefined, name: string, dateAlone: "start" | "end"): Date | undefined {
  if (value === undefined) return undefined;
  const at = parseTehranTime(value, dateAlone);
  if (!at) throw new ApiError(400, "invalid_time", `${name}: "${value}" is neither an ISO 8601 instant with an offset nor a Jalali date (1405/09/20 or 1405/09/20 09:00).`);
  return at;
}

const keyOf = (actor: Actor, requestId: string | undefined) => (requestId ? `api:${"keyId" in actor ? actor.keyId : 0}:${requestId}` : `api:${randomUUID()}`);

async function directiveJson(deps: ApiDeps, d: DirectiveView): Promise<z.input<typeof directiveView>> {
  const provinces = new Map((await listProvinces(deps)).map((p) => [p.id, p.code]));
  return {
    id: d.id,
    title: d.title,
    text: d.body,
    due_at: d.dueAt?.toISOString() ?? null,
    created_at: d.createdAt.toISOString(),
    issuer_role: d.issuerRole,
    forwards: d.parentId,
    state: d.counts.state,
    total: d.counts.total,
    delivered: d.counts.sent,
    blocked: d.counts.blocked,
    failed: d.counts.failed,
    pending: d.counts.pending,
    acknowledged: d.acknowledged,
    progress: `${toPersianDigits(d.acknowledged)} از ${toPersianDigits(d.counts.total)} تأیید کرده‌اند`,
    not_acknowledged: d.waiting.map((w) => ({
      name: w.name,
      username: w.username,
      role: w.role,
      province: w.provinceId === null ? null : (provinces.get(w.provinceId) ?? null),
      county: w.countyId === null ? null : String(w.countyId),
      received: w.received,
    })),
  };
}

export async function directiveRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/directives",
    {
      config: { scope: "directives:write" },
      schema: {
        tags: ["directives"],
        summary: "Issue a directive",
        description:
          "Sends a directive (ابلاغیه) to staff by role and region; each recipient gets an «تأیید دریافت» button. An agency key issues as its agency " +
          "(its ministry representatives follow it too); an admin key as the system. Staff who join later while it is open (not past due, at most 90 days) get it too. " +
          "Idempotent by request_id.",
        security,
        body: postDirectiveBody,
        response: { 201: directiveView, 200: directiveView, ...errors(400, 422) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const audience = { to: "staff" as const, roles: b.audience.roles, provinceIds: await provinceIds(deps, b.audience.provinces), countyIds: b.audience.counties, agencyIds: await agencyIds(deps, b.audience.agencies) };
      const issued = await deps.db.transaction((tx) =>
        issueDirective(tx, actor, { title: b.title, body: b.text, audience, dueAt: time(b.due_at, "due_at", "end"), documents: b.attachments?.map((a) => a.url), key: keyOf(actor, b.request_id) }),
      );
      const view = await getDirective(deps.db, actor, issued.id);
      return reply.code(issued.created ? 201 : 200).send(await directiveJson(deps, view!));
    },
  );

  r.get(
    "/directives/:id",
    {
      config: { scope: "directives:write" },
      schema: {
        tags: ["directives"],
        summary: "Follow a directive",
        description: "How many received and acknowledged it, and who has not acknowledged yet. Only its issuer (the same agency, or an admin key) sees it.",
        security,
        params: idParams,
        response: { 200: directiveView, ...errors(404) },
      },
    },
    async (req) => {
      const view = await getDirective(deps.db, actorOf(req), req.params.id);
      if (!view) throw new ApiError(404, "directive_not_found", `No directive ${req.params.id} issued by this key's agency.`);
      return directiveJson(deps, view);
    },
  );

  const broadcastJson = (b: NonNullable<Awaited<ReturnType<typeof getBroadcast>>>): z.input<typeof broadcastView> => ({
    id: b.id,
    state: b.state,
    text: b.text,
    send_at: b.notBefore.toISOString(),
    created_at: b.createdAt.toISOString(),
    finished_at: b.finishedAt?.toISOString() ?? null,
    total: b.total,
    delivered: b.sent,
    blocked: b.blocked,
    failed: b.failed,
    pending: b.pending,
    cancelled: b.cancelled,
  });

  r.post(
    "/broadcasts",
    {
      config: { scope: "broadcasts:write" },
      schema: {
        tags: ["broadcasts"],
        summary: "Send an announcement",
        description:
          "Sends an announcement (اطلاع‌رسانی) to citizens who opted in, or to staff by role and region, now or at send_at; at the bot's pace " +
          "(SEND_RATE_PER_SECOND), after replies and notifications. Admin keys only. Idempotent by request_id.",
        security,
        body: postBroadcastBody,
        response: { 201: broadcastView, 200: broadcastView, ...errors(400, 422) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const region = { provinceIds: await provinceIds(deps, b.audience.provinces), countyIds: b.audience.counties };
      const audience = b.audience.to === "citizens" ? { to: "citizens" as const, ...region } : { to: "staff" as const, roles: b.audience.roles ?? ["assistant", "provincial", "ministry"], ...region };
      const created = await deps.db.transaction((tx) => createBroadcast(tx, actor, { text: b.text, photo: b.photo_url, audience, sendAt: time(b.send_at, "send_at", "start"), key: keyOf(actor, b.request_id) }));
      return reply.code(created.created ? 201 : 200).send(broadcastJson((await getBroadcast(deps.db, actor, created.id))!));
    },
  );

  r.get(
    "/broadcasts/:id",
    {
      config: { scope: "broadcasts:write" },
      schema: { tags: ["broadcasts"], summary: "Follow an announcement", security, params: idParams, response: { 200: broadcastView, ...errors(404) } },
    },
    async (req) => {
      const b = await getBroadcast(deps.db, actorOf(req), req.params.id);
      if (!b) throw new ApiError(404, "broadcast_not_found", `No announcement ${req.params.id}.`);
      return broadcastJson(b);
    },
  );

  r.post(
    "/broadcasts/:id/cancel",
    {
      config: { scope: "broadcasts:write" },
      schema: {
        tags: ["broadcasts"],
        summary: "Cancel an announcement",
        description: "Nobody not yet sent gets it; the few messages in flight at that moment may still arrive. Cancelling one that has ended answers 409.",
        security,
        params: idParams,
        response: { 200: broadcastView, ...errors(404, 409) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      if (!(await getBroadcast(deps.db, actor, req.params.id))) throw new ApiError(404, "broadcast_not_found", `No announcement ${req.params.id}.`);
      const outcome = await deps.db.transaction((tx) => cancelDeliveryAs(tx, actor, req.params.id));
      if (outcome === "ended") throw new ApiError(409, "broadcast_ended", "The announcement has already finished or been cancelled.");
      return broadcastJson((await getBroadcast(deps.db, actor, req.params.id))!);
    },
  );
}
