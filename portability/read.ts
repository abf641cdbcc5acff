import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import type { PortableRecord } from './codec.ts';
import { readValue } from './embedded.ts';
import { storedProperties } from './models.ts';

/**
 * A model's records, a batch at a time, in portable form. Pages by primary key (keyset), so
 * memory holds one batch whatever the table's size, and no row is read twice. Reads only.
 */
export async function* readRecords(orm: MikroORM, meta: EntityMetadata, batchSize: number): AsyncGenerator<PortableRecord[]> {
  const driver = orm.em.getDriver();
  const props = storedProperties(meta);
  const [pk, ...more] = meta.primaryKeys;
  const single = more.length === 0;
  let last: unknown;
  for (let offset = 0; ; offset += batchSize) {
    const where = single && last !== undefined ? { [pk!]: { $gt: last } } : {};
    const rows = (await driver.find(meta.class, where as never, {
      orderBy: Object.fromEntries(meta.primaryKeys.map(key => [key, 'asc'])) as never,
      limit: batchSize,
      ...(single ? {} : { offset }),
    })) as Record<string, unknown>[];
    if (rows.length === 0) return;
    last = rows.at(-1)![pk!];
    yield rows.map(row => Object.fromEntries(props.map(prop => [prop.name, readValue(row, prop)])));
    if (rows.length < batchSize) return;
  }
}
