import type { FastifyInstance, HTTPMethods } from "fastify";
import { ApiError } from "./errors.ts";

// A known API v1 path asked with a method it does not serve answers 405 with `Allow` (RFC 9110 §15.5.6),
// not Fastify's 404, which would tell a client with a typo in the method that the path does not exist.
// The answer needs no key: which methods a path serves is public (/openapi.json); such requests count
// against the client address's budget instead.

const METHODS: HTTPMethods[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Call before the routes are added: collects their methods, then answers the others of each path with 405. */
export function answerOtherMethods(app: FastifyInstance): { done(): void } {
  const served = new Map<string, Set<string>>();
  let collecting = true;
  app.addHook("onRoute", (route) => {
    if (!collecting) return;
    const set = served.get(route.routePath) ?? new Set<string>();
    for (const m of [route.method].flat()) set.add(m.toUpperCase());
    // Fastify adds HEAD to every GET route itself (exposeHeadRoutes).
    if (set.has("GET")) set.add("HEAD");
    served.set(route.routePath, set);
  });
  return {
    done() {
      collecting = false;
      for (const [path, methods] of served) {
        const allow = METHODS.filter((m) => methods.has(m));
        const others = METHODS.filter((m) => !methods.has(m));
        if (others.length === 0) continue;
        app.route({
          method: others,
          url: path,
          config: { rateBudget: "address" },
          schema: { hide: true },
          // Before the body is read: a wrong method is the answer whatever the body is.
          onRequest: async (req, reply) => {
            reply.header("allow", allow.join(", "));
            throw new ApiError(405, "method_not_allowed", `${req.method} is not served on this path; it serves ${allow.join(", ")}.`);
          },
          handler: async () => undefined,
        });
      }
    },
  };
}
