import type { DatabaseProvider } from './provider.ts';
import { PROVIDER_DESCRIPTORS } from './descriptors.ts';
import { loadDriverPackage } from './load-driver.ts';
import { connectionOptions } from './connection-options.ts';
import { describeTarget, internalQuery, sqlSession } from './sql-session.ts';

const descriptor = PROVIDER_DESCRIPTORS.sqlserver;

export const mssqlProvider: DatabaseProvider = {
  descriptor,

  async ormOptions({ config, pool }) {
    const { MsSqlDriver } = await loadDriverPackage(descriptor.driverPackage, descriptor.label, () => import('@mikro-orm/mssql'));
    const connection = connectionOptions(config);
    // tedious does not read URLs; MikroORM splits mssql:// into host, port, user and database.
    if (connection.clientUrl?.startsWith('sqlserver:')) connection.clientUrl = connection.clientUrl.replace(/^sqlserver:/, 'mssql:');
    return {
      driver: MsSqlDriver,
      ...connection,
      // MikroORM merges this object into the tarn pool options, so tarn's own names pass through.
      pool: {
        min: pool.min,
        max: pool.max,
        idleTimeoutMillis: pool.idleTimeoutMs,
        acquireTimeoutMillis: pool.acquireTimeoutMs,
      } as { min: number; max: number; idleTimeoutMillis: number },
    };
  },

  target: config => describeTarget(config, descriptor.defaultPort!),

  async attach(orm) {
    return sqlSession(orm, {
      versionSql: 'select @@version as version',
      async connections() {
        const [row] = await internalQuery<{ current: number; max: number }>(
          orm,
          'select count(*) as current, @@max_connections as max from sys.dm_exec_sessions where is_user_process = 1',
        );
        return { current: Number(row!.current), max: Number(row!.max) };
      },
      // MikroORM builds the tarn pool inside Kysely's MssqlDialect and keeps no handle on it.
      poolStats: () => null,
    });
  },
};
