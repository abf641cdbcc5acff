import type { EntityManager, EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import type { PortableRecord } from './codec.ts';
import { valueReader } from './embedded.ts';
import { storedProperties } from './models.ts';

/**
 * A model's records, a batch at a time, in portable form. Pages by primary key (keyset, composite
 * keys too), so memory holds one batch whatever the table's size, no row is read twice, and
 * every page costs the same. Reads only; with `em`, inside that read transaction.
 * With `readAhead`, the next page is asked for as soon as a page arrives, so the database finds it
 * while the caller digests this one (one query in flight at a time, so one connection serves it).
 * Loads leave it off for a source that blocks (node:sqlite; TransferSource.blocking): their Prefetcher asks once
 * the target is busy, so such a read never holds up a batch on its way to the target.
 * `source` is how the database is read (its transferSource(), unless the caller wraps it: oneReadAtATime).
 */
export async function* readRecords(
  db: DatabaseManager,
  meta: EntityMetadata,
  batchSize: number,
  em?: EntityManager,
  readAhead = false,
  source = db.transferSource(),
): AsyncGenerator<PortableRecord[]> {
  const platform = db.orm.em.getPlatform();
  const readers = storedProperties(meta).map(prop => ({ name: prop.name, read: valueReader(prop, platform) }));
  const pageAfter = (after: Record<string, unknown> | undefined) => source.page(meta, { after, limit: batchSize, em });
  let next: Promise<Record<string, unknown>[]> | undefined = pageAfter(undefined);
  try {
    while (next) {
      const rows = await next;
      next = undefined;
      if (rows.length === 0) return;
      const last = rows.at(-1)!;
      const after = Object.fromEntries(meta.primaryKeys.map(key => [key, last[key]]));
      const more = rows.length >= batchSize;
      if (more && readAhead) next = pageAfter(after);
      yield rows.map(row => {
        const record: PortableRecord = {};
        for (const { name, read } of readers) record[name] = read(row);
        return record;
      });
      if (more && !readAhead) next = pageAfter(after);
    }
  } finally {
    // Stopped early: the page asked for ahead settles before the caller goes on (its connection is free again).
    await next?.catch(() => undefined);
  }
}
