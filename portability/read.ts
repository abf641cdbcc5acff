import type { EntityManager, EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import type { PortableRecord } from './codec.ts';
import { readValue } from './embedded.ts';
import { storedProperties } from './models.ts';

/**
 * A model's records, a batch at a time, in portable form. Pages by primary key (keyset, composite
 * keys too), so memory holds one batch whatever the table's size, no row is read twice, and
 * every page costs the same. Reads only; with `em`, inside that read transaction.
 */
export async function* readRecords(db: DatabaseManager, meta: EntityMetadata, batchSize: number, em?: EntityManager): AsyncGenerator<PortableRecord[]> {
  const source = db.transferSource();
  const props = storedProperties(meta);
  const platform = db.orm.em.getPlatform();
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const rows = await source.page(meta, { after, limit: batchSize, em });
    if (rows.length === 0) return;
    const last = rows.at(-1)!;
    after = Object.fromEntries(meta.primaryKeys.map(key => [key, last[key]]));
    yield rows.map(row => {
      const record: PortableRecord = {};
      for (const prop of props) record[prop.name] = readValue(row, prop, platform);
      return record;
    });
    if (rows.length < batchSize) return;
  }
}
