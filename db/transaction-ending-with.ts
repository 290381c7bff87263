import type { SQL } from "drizzle-orm";
import type { Db } from "./client.ts";

// The update path's transaction: `work` runs in a transaction and answers the statement it ends with
// (the unit of work's finishUpdate: save the session, queue the replies), which the runner sends last.
//
// Sending BEGIN with the first statement and COMMIT with the last on a reserved postgres.js connection was
// tried here and withdrawn: when PostgreSQL dropped connections under load (test/e2e/database-drops.test.ts)
// a reserved connection came back to the pool dead and updates waited on it for good. drizzle's own
// transaction recovers; the two round trips it costs are worth that.

/** The statement a transaction ends with, and how to read its result. */
export interface LastStatement<R> {
  query: SQL;
  read(result: unknown): R;
}

/** Runs `work` in a transaction; the statement it answers (or none) runs last, and what it reads as is the result. */
export function transactionEndingWith<R>(db: Db, work: (tx: Db) => Promise<LastStatement<R> | null>): Promise<R | null> {
  return db.transaction(async (tx) => {
    const last = await work(tx);
    return last ? last.read(await tx.execute(last.query)) : null;
  });
}
