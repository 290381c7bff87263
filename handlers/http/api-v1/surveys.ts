import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { listSurveys } from "../../../core/case-queries.ts";
import type { ApiDeps } from "../deps.ts";
import { actorOf } from "./auth.ts";
import { decodePositionCursor, encodePositionCursor } from "./cursor.ts";
import { errors, surveyListQuery, surveyPage } from "./schemas.ts";

export async function surveyRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/surveys",
    {
      config: { scope: "surveys:read" },
      schema: {
        tags: ["surveys"],
        summary: "List answered satisfaction surveys",
        description: "Answered surveys of the cases this key may see, ordered by (answered_at, id), oldest first; follow next_cursor.",
        security: [{ bearerAuth: [] }],
        querystring: surveyListQuery,
        response: { 200: surveyPage, ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await listSurveys(deps.db, actorOf(req), { answeredSince: q.answered_since ? new Date(q.answered_since) : undefined }, { after: decodePositionCursor(q.cursor), limit: q.limit });
      return { data: page.items, next_cursor: encodePositionCursor(page.next) };
    },
  );
}
