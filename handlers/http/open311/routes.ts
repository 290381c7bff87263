import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../deps.ts";

/** The Open311 GeoReport v2 facade (mounted at /open311/v2). */
export async function open311Routes(_app: FastifyInstance, _deps: ApiDeps): Promise<void> {}
