import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { postAgencyEvent, type AgencyEventInput } from "../../../core/case-events.ts";
import { eventViewById } from "../../../core/case-queries.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { caseNotFound, trackingCodeParam } from "./cases.ts";
import { caseCodeParams, errors, postedEvent, postEventBody } from "./schemas.ts";

function toInput(body: z.output<typeof postEventBody>): AgencyEventInput {
  switch (body.type) {
    case "status":
      return { type: "status", status: body.status, note: body.note, cause: body.cause };
    case "answer":
      return { type: "answer", text: body.text, status: body.status, cause: body.cause };
    case "referral":
      return { type: "referral", toAgency: body.to_agency, note: body.note };
    case "info_request":
      return { type: "info_request", question: body.question };
  }
}

export async function eventRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/cases/:code/events",
    {
      config: { scope: "cases:write" },
      schema: {
        tags: ["cases"],
        summary: "Post an event on a case",
        description:
          "status: a status change with an optional note; answer: the answer sent to the citizen (sets answered, or resolved/unresolved); " +
          "referral: moves the case to another agency (the original agency keeps seeing it); info_request: asks the citizen for more information (sets awaiting_info). " +
          "The citizen is told in chat within seconds. Idempotent by event_id: the first post answers 201, a repeat answers 200 with the first result and changes nothing.",
        security: [{ bearerAuth: [] }],
        params: caseCodeParams,
        body: postEventBody,
        response: { 201: postedEvent, 200: postedEvent, ...errors(400, 404, 409, 413, 415, 422) },
      },
    },
    async (req, reply) => {
      const code = trackingCodeParam(req.params.code);
      if (!code) throw caseNotFound(req.params.code);
      const posted = await postAgencyEvent(deps.db, { code, actor: actorOf(req), eventId: req.body.event_id, input: toInput(req.body), holidays: deps.holidays });
      // A repeat must answer with the same body as the first post, agency code included.
      const event = posted.duplicate && posted.event.agency === null ? ((await eventViewById(deps.db, posted.event.id)) ?? posted.event) : posted.event;
      return reply.code(posted.duplicate ? 200 : 201).send({ event, case_status: posted.caseStatus });
    },
  );
}
