import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

// The OpenAPI 3 document of the agency-facing HTTP API, built from the routes' zod schemas, at
// GET /openapi.json, with Swagger UI at /docs. Only API routes are listed (not the platform webhooks,
// health checks or the local chat page).

const DOCUMENTED = /^\/(v1|open311)\//;
const isZod = (s: unknown) => typeof s === "object" && s !== null && "_zod" in s;

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

function transform(input: TransformInput) {
  const { schema, url } = input;
  if (!DOCUMENTED.test(url)) return { schema: { ...(schema ?? {}), hide: true }, url };
  if (!schema) return { schema, url };
  const s = schema as Record<string, unknown>;
  const usesZod = ["body", "querystring", "params", "headers"].some((k) => isZod(s[k])) || Object.values((s.response ?? {}) as Record<string, unknown>).some((r) => isZod(r) || (typeof r === "object" && r !== null && "content" in r));
  // A route described by plain JSON Schema is passed through as it is.
  return usesZod ? jsonSchemaTransform(input) : { schema, url };
}

/**
 * The document with only the components something refers to: every zod schema with an id is emitted
 * in an input and an output variant, and the unused half would only clutter /docs.
 */
function transformObject(input: Parameters<typeof jsonSchemaTransformObject>[0]) {
  const doc = jsonSchemaTransformObject(input) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const all = doc.components?.schemas;
  if (!all) return doc;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== "object" || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/")) {
        const name = v.slice("#/components/schemas/".length);
        if (!used.has(name)) {
          used.add(name);
          visit(all[name]);
        }
      } else visit(v);
    }
  };
  visit(doc.paths);
  doc.components!.schemas = Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name)));
  return doc;
}

/** Registers @fastify/swagger and Swagger UI; call before any route is added. */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Hamyar API",
        version: "1.0.0",
        description:
          "API v1 for agency back-ends: read the cases filed with your agency, post status changes, answers, referrals and requests for information, " +
          "read survey results and your webhook delivery log. Authenticate with `Authorization: Bearer <key>` (keys are made with `npx hamyar apikey create`). " +
          "Errors are `{\"error\": {\"code\", \"message\"}}`. Each key has a budget of requests per minute: past it, 429 with `Retry-After`; " +
          "answers counted against a key carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`. A method a path does not serve answers 405 with `Allow`.",
      },
      tags: [
        { name: "cases", description: "Citizens' cases and their events" },
        { name: "surveys", description: "Satisfaction survey results" },
        { name: "webhooks", description: "Outbound webhook delivery log" },
        { name: "reports", description: "The popularization network's monthly and quarterly reports" },
      ],
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key from `npx hamyar apikey create` (hmy_…)." } },
      },
    },
    transform,
    transformObject: transformObject as typeof jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", uiConfig: { docExpansion: "list", deepLinking: true } });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
