import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';

type ManagerSource = DatabaseManager | { db: DatabaseManager } | (() => DatabaseManager | { db: DatabaseManager } | undefined);

/** The hook registrars of a test framework: node:test/vitest/jest `beforeEach`, uvu `suite.before.each`. */
export interface EachHooks {
  beforeEach(fn: () => Promise<void>): unknown;
  afterEach(fn: () => Promise<void>): unknown;
}

export interface RollbackEach {
  /** Opens the test's transaction; everything the code under test does through `db` runs inside it. */
  begin(): Promise<void>;
  /** Rolls it back, so the next test sees the database as it was. */
  rollback(): Promise<void>;
  /** The test's EntityManager (in its transaction), between begin() and rollback(). */
  readonly em: EntityManager;
}

/**
 * Each test in one transaction rolled back afterwards: the database is migrated once and
 * never truncated. The app's own `db.transaction()` calls become savepoints inside it, so
 * their commits and rollbacks behave as usual and still vanish at the end of the test.
 * Tests sharing one manager must run one at a time (the frameworks' default within a file).
 */
export function rollbackEach(source: ManagerSource, hooks?: EachHooks): RollbackEach {
  let open: { db: DatabaseManager; em: EntityManager } | undefined;
  const handle: RollbackEach = {
    async begin() {
      if (open) throw new Error('rollbackEach: begin() called twice without rollback(); is the afterEach hook registered?');
      const db = resolve(source);
      const em = db.orm.em.fork();
      await em.begin();
      db.pinTransaction(em);
      open = { db, em };
    },
    async rollback() {
      if (!open) return;
      const { db, em } = open;
      open = undefined;
      db.pinTransaction(undefined);
      await em.rollback();
      em.clear();
    },
    get em() {
      if (!open) throw new Error('rollbackEach: the test transaction is open only between begin() and rollback()');
      return open.em;
    },
  };
  if (hooks) {
    hooks.beforeEach(() => handle.begin());
    hooks.afterEach(() => handle.rollback());
  }
  return handle;
}

function resolve(source: ManagerSource): DatabaseManager {
  const value = typeof source === 'function' ? source() : source;
  if (!value) throw new Error('rollbackEach: the database is not created yet; create it in a before/beforeAll hook first');
  return 'db' in value ? value.db : value;
}
