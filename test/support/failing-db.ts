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
