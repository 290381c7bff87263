import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";

/**
 * The database as a bot sees it when a step has a bug: while `failing()` holds, every statement of an
 * update after its first (the one that starts the unit of work) throws a plain Error, as a broken
 * handler would. The update's transaction then rolls back like it does for any bug.
 */
export function withBuggySteps(db: Db, failing: () => boolean): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "transaction") {
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (fn: (tx: Db) => Promise<unknown>, config?: unknown) =>
        (target.transaction as (f: (tx: Db) => Promise<unknown>, c?: unknown) => Promise<unknown>)((tx) => {
          let statements = 0;
          const buggy = new Proxy(tx, {
            get(t, p, r) {
              const value = Reflect.get(t, p, r);
              if (p === "execute" && failing()) {
                return (...args: unknown[]) => (statements++ === 0 ? (value as (...a: unknown[]) => unknown).apply(t, args) : Promise.reject(new Error("a bug in the step")));
              }
              return typeof value === "function" ? value.bind(t) : value;
            },
          });
          return fn(buggy);
        }, config);
    },
  });
}

/**
 * The database as a worker sees it when its connection is dropped under a statement (a failover,
 * pg_terminate_backend): the first `times` statements run with `db.execute` whose SQL matches `pattern`
 * fail with PostgreSQL's error for a terminated backend, and nothing of them is committed.
 */
export function withDroppedStatements(db: Db, pattern: RegExp, times = 1): Db {
  const dialect = new PgDialect();
  let left = times;
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "execute") return typeof value === "function" ? value.bind(target) : value;
      return (query: SQL) => {
        if (left > 0 && pattern.test(dialect.sqlToQuery(query).sql)) {
          left--;
          return Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }));
        }
        return (value as (q: SQL) => Promise<unknown>).call(target, query);
      };
    },
  });
}
