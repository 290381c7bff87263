import type { FastifySerializerCompiler } from "fastify/types/schema.js";
import fastJson from "fast-json-stringify";
import { serializerCompiler as zodSerializerCompiler } from "fastify-type-provider-zod";
import { z } from "zod";

// Responses are written by fast-json-stringify from the JSON Schema of each route's zod response schema:
// as fast as JSON.stringify (a page of 50 cases costs a fraction of a millisecond instead of ~2 ms of zod
// encoding) and, like zod, it writes only the declared fields, so an internal column never leaks.
// A schema JSON Schema cannot express falls back to zod's own serializer.

const isZod = (s: unknown): s is z.ZodType => typeof s === "object" && s !== null && "_zod" in s;

export const apiSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const schema = route.schema;
  if (!isZod(schema)) return zodSerializerCompiler(route as never);
  let json: unknown;
  try {
    // A private registry: ids (for OpenAPI components) would turn into $refs; inline everything here.
    json = z.toJSONSchema(schema, { io: "output", target: "openapi-3.0", metadata: z.registry(), unrepresentable: "throw" });
  } catch {
    return zodSerializerCompiler(route as never);
  }
  return fastJson(json as Parameters<typeof fastJson>[0]);
};
