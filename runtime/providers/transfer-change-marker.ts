import type { DatabaseManager } from '../manager.ts';

/**
 * A cheap token that changes when another connection commits to the database, where the
 * database offers one: SQLite's `PRAGMA data_version` (its value changes after every commit by
 * any other connection, and MikroORM keeps one connection to the file, the one a transfer reads
 * on). Two equal tokens taken on that connection mean nothing else was written in between, so a
 * switch can skip reading the whole source a second time. Undefined elsewhere: the caller reads.
 */
export async function changeMarker(db: DatabaseManager): Promise<string | undefined> {
  if (db.config.type !== 'sqlite') return undefined;
  const rows = (await db.orm.em.getConnection().execute('pragma data_version')) as { data_version?: number | bigint }[];
  const version = rows[0]?.data_version;
  return version === undefined ? undefined : String(version);
}
