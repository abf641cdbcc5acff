import type { DatabaseProvider } from '../provider.ts';
import { PROVIDER_DESCRIPTORS } from '../../../databases/index.ts';
import { loadDriverPackage } from '../shared/load-driver.ts';
import { connectionOptions } from '../shared/connection-options.ts';
import { describeTarget, internalQuery, sqlSession } from '../shared/sql-session.ts';
import { releaseDeadClients } from './release-dead-clients.ts';
import { sqlTransferTarget } from '../shared/sql-transfer.ts';
import { pgCopyTransferTarget } from './transfer-target.ts';
import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import { postgresServerDigest } from './server-digest.ts';

async function resetSequences(meta: EntityMetadata, orm: MikroORM): Promise<void> {
  for (const name of meta.primaryKeys) {
    const prop = meta.properties[name]!;
    if (!prop.autoincrement) continue;
    const table = meta.schema ? `${meta.schema}.${meta.tableName}` : meta.tableName;
    const column = prop.fieldNames[0]!;
    await internalQuery(
      orm,
      `select setval(pg_get_serial_sequence('${table.replace(/'/g, "''")}', '${column}'), coalesce((select max("${column}") from ${orm.em.getPlatform().quoteIdentifier(table)}), 0) + 1, false)`,
    );
  }
}

const descriptor = PROVIDER_DESCRIPTORS.postgresql;
/** Advisory lock key for migrations: "farm" in ASCII, so it reads in pg_locks. */
const MIGRATION_LOCK_KEY = 0x6661726d;

/** The public counters of a pg-pool `Pool` that health and monitoring read. */
interface PgPool {
  options: { max: number };
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  /** Every client of the pool; pg-pool keeps no public list of them. */
  _clients: { end(): Promise<void> }[];
  _idle: { client: unknown }[];
}

export const postgresqlProvider: DatabaseProvider = {
  descriptor,

  async ormOptions({ config, pool }) {
    const { PostgreSqlDriver } = await loadDriverPackage(descriptor.driverPackage, descriptor.label, () => import('@mikro-orm/postgresql'));
    return {
      driver: PostgreSqlDriver,
      ...connectionOptions(config),
      pool: { min: pool.min, max: pool.max, idleTimeoutMillis: pool.idleTimeoutMs },
      // pg-pool applies connectionTimeoutMillis both to opening a connection and to waiting for a free one.
      driverOptions: { connectionTimeoutMillis: pool.acquireTimeoutMs, onPoolCreated: releaseDeadClients },
    };
  },

  target: config => describeTarget(config, descriptor.defaultPort!),

  serverDigest: postgresServerDigest,

  async attach(orm) {
    const pool = (await orm.driver.getConnection().getNativeClient()) as PgPool;
    return sqlSession(orm, {
      versionSql: 'select version()',
      // A transaction-scoped advisory lock: it ends with the migration transaction, or with the
      // connection when the holder dies. The key is fixed: one migrator per database.
      // Loaded rows keep their integer keys; serial/identity sequences must then start after them.
      transfer: () => pgCopyTransferTarget(orm, sqlTransferTarget(orm, { afterModel: resetSequences })),
      migrationLock: { acquire: `select 1 as granted from (select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})) as locked` },
      async connections() {
        const [row] = await internalQuery<{ current: number; max: number }>(
          orm,
          `select count(*)::int as current, current_setting('max_connections')::int as max
           from pg_stat_activity where backend_type = 'client backend'`,
        );
        return { current: Number(row!.current), max: Number(row!.max) };
      },
      // Ending a lent-out client makes releaseDeadClients hand it back, so pool.end() can finish.
      async interrupt() {
        const idle = new Set(pool._idle.map(item => item.client));
        await Promise.allSettled(pool._clients.filter(client => !idle.has(client)).map(client => client.end()));
      },
      poolStats: () => ({
        max: pool.options.max,
        size: pool.totalCount,
        idle: pool.idleCount,
        busy: pool.totalCount - pool.idleCount,
        waiting: pool.waitingCount,
      }),
    });
  },
};
