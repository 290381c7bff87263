import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { deliveryVisibleTo, listDeliveries } from "../../../core/case-queries.ts";
import { retryNow } from "../../../core/outbox.ts";
import { probeNow } from "../../../core/webhook-queue.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { decodeIdCursor, encodeIdCursor } from "./cursor.ts";
import { ApiError } from "./errors.ts";
import { deliveryListQuery, deliveryPage, deliveryView, errors, idParams } from "./schemas.ts";

const security = [{ bearerAuth: [] }];

export async function webhookDeliveryRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/webhook-deliveries",
    {
      config: { scope: "webhooks:read" },
      schema: {
        tags: ["webhooks"],
        summary: "The webhook delivery log",
        description: "Webhooks addressed to this key's agency (admin: all), newest first, each with every delivery attempt.",
        security,
        querystring: deliveryListQuery,
        response: { 200: deliveryPage, ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await listDeliveries(deps.db, actorOf(req), { status: q.status, event: q.event }, { beforeId: decodeIdCursor(q.cursor), limit: q.limit });
      return { data: page.items, next_cursor: encodeIdCursor(page.nextBeforeId) };
    },
  );

  r.post(
    "/webhook-deliveries/:id/retry",
    {
      config: { scope: "webhooks:write" },
      schema: {
        tags: ["webhooks"],
        summary: "Deliver a webhook again now",
        description: "Makes the delivery due at once, whatever its state (pending, done or dead), and ends the wait of the agency's failing webhook URL for its next probe; it still waits for older deliveries of the same case.",
        security,
        params: idParams,
        response: { 202: deliveryView, ...errors(400, 404, 413, 415) },
      },
    },
    async (req, reply) => {
      const scope = actorOf(req);
      const notFound = () => new ApiError(404, "delivery_not_found", `No webhook delivery ${req.params.id} for this API key.`);
      if (!(await deliveryVisibleTo(deps.db, req.params.id, scope))) throw notFound();
      const item = await retryNow(deps.db, req.params.id);
      // A manual retry is also a hint that the agency is back: its destination is probed now, not at the end of its backoff.
      if (item?.agencyId) await probeNow(deps.db, item.agencyId, item.unitId);
      const view = await deliveryVisibleTo(deps.db, req.params.id, scope);
      if (!view) throw notFound();
      return reply.code(202).send(view);
    },
  );
}
