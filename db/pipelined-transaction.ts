import { PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js/session";
import type { SQL } from "drizzle-orm";
import type { PgDialect } from "drizzle-orm/pg-core";
import type { ReservedSql, Sql } from "postgres";
import type { Db } from "./client.ts";

// A transaction in fewer round trips, for the update path. postgres.js (through drizzle) sends BEGIN and
// waits for it, and sends COMMIT after the last statement's answer: two round trips of the four or five
// an ordinary chat step costs. Here BEGIN leaves in the same write as the first statement and COMMIT in
// the same write as the last (postgres.js pipelines queries issued in one tick on a reserved connection).
// If the last statement fails, PostgreSQL answers the COMMIT behind it with a rollback, so nothing of a
// failed transaction is kept. PGlite has no network round trip to save and runs a plain transaction.

/** The statement a transaction ends with, and how to read its result. */
export interface LastStatement<R> {
  query: SQL;
  read(result: unknown): R;
}

/**
 * Runs `work` in a transaction. `work` answers the transaction's last statement (or null for none); it
 * is sent with the COMMIT right behind it, and what it reads as is the transaction's result.
 */
export async function pipelinedTransaction<R>(db: Db, work: (tx: Db) => Promise<LastStatement<R> | null>): Promise<R | null> {
  const client = (db as unknown as { $client: Sql | { reserve?: unknown } }).$client;
  if (typeof (client as Sql).reserve !== "function") {
    return db.transaction(async (tx) => {
      const last = await work(tx);
      return last ? last.read(await tx.execute(last.query)) : null;
    });
  }
  const internals = db as unknown as { dialect: PgDialect; session: { schema: never; options: never } };
  const reserved = await (client as Sql).reserve();
  try {
    const session = new PostgresJsSession(withSavepoints(reserved) as never, internals.dialect, internals.session.schema, internals.session.options);
    const tx = new PostgresJsTransaction(internals.dialect, session, internals.session.schema) as unknown as Db;
    // Sent at the next write, together with the first statement `work` issues in this tick.
    const begun = reserved.unsafe("begin").then(() => undefined);
    let last: LastStatement<R> | null;
    try {
      last = await work(tx);
      await begun;
    } catch (err) {
      await begun.catch(() => {});
      await reserved.unsafe("rollback").catch(() => {});
      throw err;
    }
    // Both go straight to postgres.js, which runs queries in the order they are started: the COMMIT
    // can only follow the last statement, in the same write.
    const compiled = last ? internals.dialect.sqlToQuery(last.query) : null;
    const result = compiled ? reserved.unsafe(compiled.sql, compiled.params as never[]).then((rows) => rows) : Promise.resolve(null);
    const committed = reserved.unsafe("commit").then(() => undefined);
    try {
      const [rows] = await Promise.all([result, committed]);
      return last ? last.read(rows) : null;
    } catch (err) {
      await Promise.allSettled([result, committed]);
      // Outside a transaction (the commit went through or turned into a rollback) this only warns.
      await reserved.unsafe("rollback").catch(() => {});
      throw err;
    }
  } finally {
    reserved.release();
  }
}

/** The reserved connection as drizzle's session wants its client, with savepoints for nested transactions. */
interface SavepointClient {
  unsafe: ReservedSql["unsafe"];
  savepoint<T>(fn: (c: SavepointClient) => Promise<T>): Promise<T>;
}

function withSavepoints(reserved: ReservedSql): SavepointClient {
  let depth = 0;
  const client: SavepointClient = {
    unsafe: reserved.unsafe.bind(reserved),
    async savepoint<T>(fn: (c: SavepointClient) => Promise<T>): Promise<T> {
      const name = `hamyar_sp_${++depth}`;
      await reserved.unsafe(`savepoint ${name}`);
      try {
        const value = await fn(client);
        await reserved.unsafe(`release savepoint ${name}`);
        return value;
      } catch (err) {
        await reserved.unsafe(`rollback to savepoint ${name}`);
        throw err;
      } finally {
        depth--;
      }
    },
  };
  return client;
}
