import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../deps.ts";
import { attachmentRoutes } from "./attachments.ts";
import { apiKeyAuth } from "./auth.ts";
import { caseRoutes } from "./cases.ts";
import { complaintRoutes } from "./complaints.ts";
import { exportRoutes } from "./exports.ts";
import { directiveRoutes } from "./directives.ts";
import { apiErrorHandler } from "./errors.ts";
import { eventRoutes } from "./events.ts";
import { answerOtherMethods } from "./methods.ts";
import { reportRoutes } from "./reports.ts";
import { surveyRoutes } from "./surveys.ts";
import { webhookDeliveryRoutes } from "./webhook-deliveries.ts";

/** API v1 for agency back-ends (mounted at /v1): Bearer API keys, zod schemas, JSON errors. */
export async function apiV1Routes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.setErrorHandler(apiErrorHandler);
  // Bodies are JSON only. Fastify also reads text/plain by default, which turned a JSON body sent as
  // text into a 400 about a string; without that parser it is the 415 the docs promise.
  app.removeContentTypeParser("text/plain");
  await apiKeyAuth(app, deps.db, deps.rateLimits, deps.apiKeyCache);
  const otherMethods = answerOtherMethods(app);
  await caseRoutes(app, deps);
  await eventRoutes(app, deps);
  await attachmentRoutes(app, deps);
  await surveyRoutes(app, deps);
  await webhookDeliveryRoutes(app, deps);
  await reportRoutes(app, deps);
  await complaintRoutes(app, deps);
  await exportRoutes(app, deps);
  await directiveRoutes(app, deps);
  otherMethods.done();
}
