import type { MikroORM } from '@mikro-orm/core';

/** Where a failed query's error rides on MikroORM's log context, for the span's exception event. */
export const QUERY_ERROR = Symbol('farm-db query error');

type ExecuteQuery = (query: string, run: () => Promise<unknown>, context?: Record<PropertyKey, unknown>) => Promise<unknown>;

/**
 * MikroORM logs a failed query without its error. Its connections time each query in
 * executeQuery(query, run, context) and log `{ ...context, level: 'error' }` after `run` throws,
 * so the error put on `context` as it passes reaches the log context, and so the monitor.
 * Wraps the primary connection and every read replica; MongoDB's connection has no executeQuery.
 */
export function captureQueryErrors(orm: MikroORM, enabled: () => boolean): void {
  const driver = orm.driver as unknown as { connection?: object; replicas?: object[] };
  for (const connection of [driver.connection, ...(driver.replicas ?? [])]) {
    const target = connection as { executeQuery?: ExecuteQuery } | undefined;
    const original = target?.executeQuery;
    if (!target || typeof original !== 'function') continue;
    target.executeQuery = function (this: unknown, query, run, context = {}) {
      if (!enabled()) return original.call(this, query, run, context);
      const remember = (error: unknown) => {
        context[QUERY_ERROR] = error;
        throw error;
      };
      return original.call(this, query, () => run().then(undefined, remember), context);
    };
  }
}
