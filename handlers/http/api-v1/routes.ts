import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../deps.ts";

/** API v1 for agency back-ends (mounted at /v1). */
export async function apiV1Routes(_app: FastifyInstance, _deps: ApiDeps): Promise<void> {}
