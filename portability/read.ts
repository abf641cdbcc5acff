import type { EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/manager.ts';
import type { PortableRecord } from './codec.ts';
import { readValue } from './embedded.ts';
import { storedProperties } from './models.ts';

/**
 * A model's records, a batch at a time, in portable form. Pages by primary key (keyset), so
 * memory holds one batch whatever the table's size, and no row is read twice. Reads only.
 */
export async function* readRecords(db: DatabaseManager, meta: EntityMetadata, batchSize: number): AsyncGenerator<PortableRecord[]> {
  const source = db.transferSource();
  const props = storedProperties(meta);
  const platform = db.orm.em.getPlatform();
  const [pk, ...more] = meta.primaryKeys;
  const single = more.length === 0;
  let last: unknown;
  for (let offset = 0; ; offset += batchSize) {
    const where = single && last !== undefined ? { [pk!]: { $gt: last } } : {};
    const rows = await source.page(meta, {
      where,
      orderBy: Object.fromEntries(meta.primaryKeys.map(key => [key, 'asc'])),
      limit: batchSize,
      ...(single ? {} : { offset }),
    });
    if (rows.length === 0) return;
    last = rows.at(-1)![pk!];
    yield rows.map(row => {
      const record: PortableRecord = {};
      for (const prop of props) record[prop.name] = readValue(row, prop, platform);
      return record;
    });
    if (rows.length < batchSize) return;
  }
}
