import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import type { MongoOperation } from './operations.ts';

interface IndexShape {
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

/** What the models say the database holds: collections and their indexes (MongoDB has no other schema). */
export interface MongoSnapshot {
  collections: Record<string, { indexes: Record<string, IndexShape> }>;
}

/** The snapshot of the registered models, from MikroORM's metadata. */
export function snapshotFromModels(orm: MikroORM): MongoSnapshot {
  const collections: MongoSnapshot['collections'] = {};
  for (const meta of orm.getMetadata().getAll().values() as Iterable<EntityMetadata>) {
    if (meta.embeddable || meta.virtual || !meta.collection) continue;
    const indexes: Record<string, IndexShape> = {};
    const field = (property: string) => meta.properties[property]?.fieldNames?.[0] ?? property;
    const add = (properties: string | string[] | undefined, unique: boolean, name?: string | boolean) => {
      const list = ([] as string[]).concat(properties ?? []);
      if (list.length === 0) return;
      const keys = Object.fromEntries(list.map(p => [field(p), 1 as const]));
      const indexName = typeof name === 'string' ? name : `${meta.collection}_${Object.keys(keys).join('_')}_${unique ? 'unique' : 'index'}`;
      indexes[indexName] = unique ? { keys, unique: true } : { keys };
    };
    for (const index of meta.indexes) add(index.properties as string | string[], false, index.name);
    for (const unique of meta.uniques) add(unique.properties as string | string[], true, unique.name);
    for (const prop of Object.values(meta.properties)) {
      if (prop.index) add(prop.name, false, prop.index);
      if (prop.unique) add(prop.name, true, prop.unique);
    }
    collections[meta.collection] = { indexes };
  }
  return { collections };
}

/** The operations that take a database from `before` to `after`, and back. */
export function diffSnapshots(before: MongoSnapshot, after: MongoSnapshot): { up: MongoOperation[]; down: MongoOperation[] } {
  const up: MongoOperation[] = [];
  const down: MongoOperation[] = [];
  const createIndex = (collection: string, name: string, index: IndexShape): MongoOperation => ({
    op: 'createIndex',
    collection,
    keys: index.keys,
    options: index.unique ? { name, unique: true } : { name },
  });
  for (const [collection, { indexes }] of Object.entries(after.collections)) {
    const previous = before.collections[collection];
    if (!previous) {
      up.push({ op: 'createCollection', collection });
      down.unshift({ op: 'dropCollection', collection });
    }
    for (const [name, index] of Object.entries(indexes)) {
      const old = previous?.indexes[name];
      if (old && JSON.stringify(old) === JSON.stringify(index)) continue;
      if (old) {
        up.push({ op: 'dropIndex', collection, name });
        down.unshift(createIndex(collection, name, old));
      }
      up.push(createIndex(collection, name, index));
      if (previous) down.unshift({ op: 'dropIndex', collection, name });
    }
    for (const [name, index] of Object.entries(previous?.indexes ?? {})) {
      if (name in indexes) continue;
      up.push({ op: 'dropIndex', collection, name });
      down.unshift(createIndex(collection, name, index));
    }
  }
  for (const [collection, { indexes }] of Object.entries(before.collections)) {
    if (collection in after.collections) continue;
    up.push({ op: 'dropCollection', collection });
    down.unshift(...Object.entries(indexes).map(([name, index]) => createIndex(collection, name, index)));
    down.unshift({ op: 'createCollection', collection });
  }
  return { up, down };
}
