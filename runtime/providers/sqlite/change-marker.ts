import type { MikroORM } from '@mikro-orm/core';
import { internalQuery } from '../shared/sql-session.ts';

/**
 * `PRAGMA data_version`: it changes after every commit by any other connection, and MikroORM keeps
 * one connection to the file, the one a transfer reads on, so two equal values taken on it mean
 * that nothing else wrote to the file in between (whatever the tables).
 */
export async function sqliteChangeMarker(orm: MikroORM): Promise<string | undefined> {
  const [row] = await internalQuery<{ data_version?: number | bigint }>(orm, 'pragma data_version');
  return row?.data_version === undefined ? undefined : String(row.data_version);
}
