import { z } from "zod";
import { ACTOR_KINDS } from "../core/access.ts";
import type { CatalogCache } from "../core/catalog.ts";
import type { Db } from "../db/client.ts";
import { versioned } from "./engine.ts";
import type { LaterEnv, LaterJob, LaterWork } from "./later.ts";
import { exportMessage } from "./staff/export.ts";
import { statsMessage } from "./staff/stats.ts";
import type { Message, Translate } from "./types.ts";

// The jobs a step may leave until after its commit (flows/later.ts), made by the chat sender just before it
// sends their message. The work comes back from the reply queue as JSON, so it is read with a schema: a row
// this code cannot read is refused (LaterWorkRefused) and never sent, not guessed at.

const JOBS: Record<LaterJob, (env: LaterEnv, params: Record<string, string>) => Promise<Message>> = {
  stats: statsMessage,
  export: exportMessage,
};

const laterWorkSchema = z.object({
  job: z.enum(Object.keys(JOBS) as [LaterJob, ...LaterJob[]]),
  actor: z.looseObject({ kind: z.enum(ACTOR_KINDS as [string, ...string[]]) }),
  locale: z.enum(["fa", "en"]),
  params: z.record(z.string(), z.string()),
  buttonsVersion: z.number().int().optional(),
});

export class LaterWorkRefused extends Error {}

export interface LaterJobDeps {
  db: Db;
  catalogCache?: CatalogCache;
  holidays?: ReadonlySet<string>;
  translate: (locale: "fa" | "en") => Translate;
}

/** Makes the message of a queued LaterWork; throws LaterWorkRefused for one it cannot read. */
export function makeLaterMessage(deps: LaterJobDeps): (work: unknown) => Promise<Message> {
  return async (raw) => {
    const parsed = laterWorkSchema.safeParse(raw);
    if (!parsed.success) throw new LaterWorkRefused(`a queued later message could not be read: ${parsed.error.issues[0]?.message}`);
    const work = parsed.data as LaterWork;
    const env: LaterEnv = { db: deps.db, catalogCache: deps.catalogCache, holidays: deps.holidays, actor: work.actor, locale: work.locale, t: deps.translate(work.locale) };
    const message = await JOBS[work.job](env, work.params);
    return work.buttonsVersion === undefined ? message : versioned(message, work.buttonsVersion);
  };
}
