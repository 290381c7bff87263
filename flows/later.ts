import type { Actor } from "../core/access.ts";
import type { CatalogCache } from "../core/catalog.ts";
import type { Db } from "../db/client.ts";
import type { LaterJob, Message, Translate } from "./types.ts";

export type { LaterJob, LaterWork } from "./types.ts";

// Commit first, then work: a step whose message takes more than a few milliseconds to make and announces
// nothing (figures, a chart, a spreadsheet) does not make it inside its update's transaction. It queues the
// message as a `LaterWork` instead, plain data in the reply queue, and the chat sender makes it just before
// sending (flows/later-jobs.ts). The update commits in a few ms, so on the embedded database (one connection)
// nobody waits behind a chart, and a crash after the commit loses nothing: the row is made and sent later.

/** What a later job may read: the step's actor and locale, and the process's database and caches. */
export interface LaterEnv {
  db: Db;
  catalogCache?: CatalogCache;
  holidays?: ReadonlySet<string>;
  actor: Actor;
  locale: "fa" | "en";
  t: Translate;
}

/** The message a step shows once `job` has made it after the commit. */
export function laterMessage(env: { actor: Actor; locale: "fa" | "en" }, job: LaterJob, params: Record<string, string>): Message {
  return { text: "", later: { job, actor: env.actor, locale: env.locale, params } };
}
