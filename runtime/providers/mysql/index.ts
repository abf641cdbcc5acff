import type { Pool } from 'mysql2';
import type { DatabaseProvider } from '../provider.ts';
import { PROVIDER_DESCRIPTORS } from '../../../databases/index.ts';
import { loadDriverPackage } from '../shared/load-driver.ts';
import { connectionOptions } from '../shared/connection-options.ts';
import { describeTarget, internalQuery, sqlSession } from '../shared/sql-session.ts';
import { mysqlTransferSource } from './transfer-source.ts';
import { mysqlChangeMarker } from './change-marker.ts';

const descriptor = PROVIDER_DESCRIPTORS.mysql;

/** mysql2 keeps its pool's queues on underscored fields; they are the only source of these counts. */
interface Mysql2PoolInternals {
  config: { connectionLimit: number };
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
}

/** MySQL and MariaDB. A mariadb:// URL selects MikroORM's MariaDB driver (JSON and RETURNING differ). */
export const mysqlProvider: DatabaseProvider = {
  descriptor,

  async ormOptions({ config, pool }) {
    const isMariaDb = config.url?.startsWith('mariadb:') ?? false;
    const driver = isMariaDb
      ? (await loadDriverPackage('@mikro-orm/mariadb', 'MariaDB', () => import('@mikro-orm/mariadb'))).MariaDbDriver
      : (await loadDriverPackage(descriptor.driverPackage, descriptor.label, () => import('@mikro-orm/mysql'))).MySqlDriver;
    const connection = connectionOptions(config);
    // mysql2 does not know the mariadb: scheme; the wire protocol is the same.
    if (isMariaDb) connection.clientUrl = config.url!.replace(/^mariadb:/, 'mysql:');
    return {
      driver,
      ...connection,
      pool: { min: pool.min, max: pool.max, idleTimeoutMillis: pool.idleTimeoutMs || undefined },
      // mysql2 has no timeout for waiting on a full pool; this bounds opening a connection.
      driverOptions: { connectTimeout: pool.acquireTimeoutMs },
    };
  },

  target: config => describeTarget(config, descriptor.defaultPort!),

  changeMarker: mysqlChangeMarker,

  async attach(orm) {
    const pool = (await orm.driver.getConnection().getNativeClient()) as Pool & Mysql2PoolInternals;
    return sqlSession(orm, {
      versionSql: 'select version()',
      transferSource: () => mysqlTransferSource(orm),
      // A named lock held by the session: released at the end, or when the holder's connection dies.
      migrationLock: { acquire: "select GET_LOCK('farm_db_migrations', 600) as granted", release: "select RELEASE_LOCK('farm_db_migrations')" },
      async connections() {
        // SHOW GLOBAL STATUS works on MySQL 5.7+, 8 and MariaDB alike (information_schema.global_status does not).
        const [status] = await internalQuery<{ Value: string }>(orm, "show global status like 'Threads_connected'");
        const [limit] = await internalQuery<{ max: string }>(orm, 'select @@max_connections as max');
        return { current: Number(status!.Value), max: Number(limit!.max) };
      },
      poolStats: () => {
        const size = pool._allConnections.length;
        const idle = pool._freeConnections.length;
        return { max: pool.config.connectionLimit, size, idle, busy: size - idle, waiting: pool._connectionQueue.length };
      },
    });
  },
};
