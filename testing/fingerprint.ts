import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityMetadata } from '@mikro-orm/core';
import type { DatabaseConfig } from '../config/types.ts';
import { DatabaseManager, type Model } from '../runtime/index.ts';
import { quietLogger } from './admin.ts';

/**
 * What the test schema is made of: the migration files, or else the models' tables and
 * columns. A template database is reused for as long as its fingerprint stays the same.
 */
export async function schemaFingerprint(config: DatabaseConfig, models: Model[], migrationsDir: string | undefined): Promise<string> {
  const hash = createHash('sha256').update(config.type);
  if (migrationsDir) {
    for (const file of migrationFiles(migrationsDir)) hash.update(file).update(readFileSync(join(migrationsDir, file)));
    return hash.digest('hex');
  }
  // MikroORM connects lazily: an offline manager reads the metadata without a database.
  const db = new DatabaseManager({ ...config, retry: { attempts: 1 } }, { logger: quietLogger, offline: true });
  db.registerModels(models);
  await db.initialize();
  try {
    const list: EntityMetadata[] = [...db.orm.getMetadata().getAll().values()];
    for (const meta of list.sort((a, b) => a.className.localeCompare(b.className))) hash.update(JSON.stringify(describeTable(meta)));
  } finally {
    await db.shutdown();
  }
  return hash.digest('hex');
}

export function migrationFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(file => /\.(ts|js|json)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
}

function describeTable(meta: EntityMetadata): unknown {
  const columns = Object.values(meta.properties).map(prop => [
    prop.name,
    prop.kind,
    prop.type,
    prop.fieldNames,
    prop.columnTypes,
    prop.nullable ?? null,
    prop.default ?? null,
    prop.unique ?? null,
    prop.index ?? null,
    prop.primary ?? null,
    prop.length ?? null,
  ]);
  return [meta.className, meta.tableName, meta.schema ?? null, columns, meta.indexes, meta.uniques];
}
