import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ResolvedDatabaseConfig } from '../../../config/types.ts';
import type { DatabaseProvider, PoolStats } from '../provider.ts';
import { PROVIDER_DESCRIPTORS } from '../../../databases/index.ts';
import { loadDriverPackage } from '../shared/load-driver.ts';
import { findTransferSource } from '../shared/find-transfer-source.ts';
import { sqlSession } from '../shared/sql-session.ts';
import { sqlTransferTarget } from '../shared/sql-transfer.ts';
import { sqliteTransferTarget } from './transfer-target.ts';
import { sqliteChangeMarker } from './change-marker.ts';
import { countingDialect, type ConnectionCounter } from './counting-dialect.ts';
import { readingBigInts } from './dialect.ts';

const descriptor = PROVIDER_DESCRIPTORS.sqlite;
const counters = new WeakMap<object, ConnectionCounter>();

/** The file a SQLite setting points to: `file:x.db`, `sqlite:x.db`, `sqlite::memory:`, or a plain path. */
export function sqliteFile(config: Pick<ResolvedDatabaseConfig, 'url' | 'dbName'>, baseDir: string): string {
  const raw = (config.url ?? config.dbName!).replace(/^(sqlite|file):(\/\/)?/, '');
  if (raw === ':memory:' || raw === '') return ':memory:';
  return isAbsolute(raw) ? raw : resolve(baseDir, raw);
}

/** SQLite through node:sqlite (MikroORM's dialect for it, reading big integers too): no native build. */
export const sqliteProvider: DatabaseProvider = {
  descriptor,

  async ormOptions({ config, pool, baseDir }) {
    const { SqliteDriver, NodeSqliteDialect } = await loadDriverPackage(descriptor.driverPackage, descriptor.label, () => import('@mikro-orm/sql'));
    const file = sqliteFile(config, baseDir);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const { dialect, counter } = countingDialect(readingBigInts(new NodeSqliteDialect(file), file), pool.acquireTimeoutMs);
    counters.set(dialect, counter);
    return { driver: SqliteDriver, dbName: file, driverOptions: dialect };
  },

  target: config => sqliteFile(config, process.cwd()),

  changeMarker: sqliteChangeMarker,

  async attach(orm) {
    const counter = counters.get(orm.config.get('driverOptions') as object);
    return sqlSession(orm, {
      versionSql: 'select sqlite_version() as version',
      // Every transaction starts with BEGIN IMMEDIATE (see the counting dialect): the migration
      // transaction is the only writer until it ends, and the file lock dies with its process.
      migrationLock: null,
      // SQLite has no server and so no server-side connections.
      connections: async () => null,
      poolStats: (): PoolStats | null => (counter ? { max: 1, size: counter.open ? 1 : 0, ...counter.stats() } : null),
      // node:sqlite reads synchronously (see TransferSource.blocking).
      transferSource: () => ({ ...findTransferSource(orm), blocking: true }),
      // Bulk loads run prepared statements on a connection of their own (see transfer-target.ts).
      transfer: () => sqliteTransferTarget(orm, String(orm.config.get('dbName')), counter?.busyTimeoutMs ?? descriptor.pool.acquireTimeoutMs, sqlTransferTarget(orm)),
    });
  },
};
