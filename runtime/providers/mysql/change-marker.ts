import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import { internalQuery } from '../shared/sql-session.ts';

/**
 * `CHECKSUM TABLE` of the models' tables: the server scans each table and sums a checksum of
 * every row (all columns), so a committed insert, update or delete changes it, while the rows
 * never cross the network. Run on the pool, outside any transaction, it sees every commit made
 * before it. The scan holds a read lock on each table while it runs (writers wait); a switch
 * asks that nothing writes to the source anyway. A checksum is 32 bits: a change goes unseen
 * with a chance of one in 2^32, as against reading the source again with 64-bit hashes.
 */
export async function mysqlChangeMarker(orm: MikroORM, models: EntityMetadata[]): Promise<string | undefined> {
  const tables = models.map(meta => (meta.schema ? `\`${meta.schema}\`.` : '') + `\`${meta.tableName.replaceAll('`', '``')}\``);
  if (tables.length === 0) return undefined;
  const rows = await internalQuery<{ Table: string; Checksum: number | string | null }>(orm, `checksum table ${tables.join(', ')}`);
  // NULL: a table the server cannot checksum (missing, or an engine without it); no marker then.
  if (rows.length !== tables.length || rows.some(row => row.Checksum === null || row.Checksum === undefined)) return undefined;
  return JSON.stringify(rows.map(row => [row.Table, String(row.Checksum)]));
}
