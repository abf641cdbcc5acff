import { IsolationLevel, type EntityManager } from '@mikro-orm/core';
import type { DatabaseManager } from '../../manager.ts';

/**
 * Runs `read` inside one read transaction of `db`, so every page and count a transfer reads
 * comes from the same moment, whatever is written meanwhile: REPEATABLE READ, read-only, on
 * PostgreSQL and MySQL/MariaDB (a snapshot from the first read on), REPEATABLE READ on SQL Server,
 * one deferred transaction on SQLite (WAL: a snapshot; rollback journal: writers wait). MongoDB
 * has no such read across collections here: `read` gets no transaction, and writes must stop
 * for the move (the live comparison afterwards tells when they did not).
 */
export async function readConsistently<T>(db: DatabaseManager, read: (em: EntityManager | undefined) => Promise<T>): Promise<T> {
  const type = db.config.type;
  if (type === 'mongodb') return read(undefined);
  const repeatable = { isolationLevel: IsolationLevel.REPEATABLE_READ };
  const options = type === 'sqlite' ? {} : type === 'sqlserver' ? repeatable : { ...repeatable, readOnly: true };
  // begin/commit by hand, not em.transactional(): that one also makes its fork the current
  // EntityManager of every ORM in this async context, the target's too, whose queries would then
  // run on this connection.
  const em = db.orm.em.fork();
  await em.begin(options);
  try {
    const result = await read(em);
    await em.commit();
    return result;
  } catch (error) {
    await em.rollback().catch(() => undefined); // the error that ended the read matters, not the rollback's
    throw error;
  }
}
