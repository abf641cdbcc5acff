import type { DatabaseProvider } from '../provider.ts';
import { PROVIDER_DESCRIPTORS } from '../../../databases/index.ts';
import { loadDriverPackage } from '../shared/load-driver.ts';
import { connectionOptions } from '../shared/connection-options.ts';
import { describeTarget, internalQuery, sqlSession } from '../shared/sql-session.ts';
import { mssqlDialect } from './dialect.ts';
import type { PoolStats } from '../provider.ts';

const poolReaders = new WeakMap<object, () => PoolStats | null>();

const descriptor = PROVIDER_DESCRIPTORS.sqlserver;

export const sqlserverProvider: DatabaseProvider = {
  descriptor,

  async ormOptions({ config, pool }) {
    const { MsSqlDriver } = await loadDriverPackage(descriptor.driverPackage, descriptor.label, () => import('@mikro-orm/mssql'));
    const connection = connectionOptions(config);
    if (connection.clientUrl?.startsWith('sqlserver:')) connection.clientUrl = connection.clientUrl.replace(/^sqlserver:/, 'mssql:');
    const { dialect, stats } = await mssqlDialect(config, pool);
    poolReaders.set(dialect, stats);
    return { driver: MsSqlDriver, ...connection, driverOptions: dialect };
  },

  target: config => describeTarget(config, descriptor.defaultPort!),

  async attach(orm) {
    const stats = poolReaders.get(orm.config.get('driverOptions') as object);
    return sqlSession(orm, {
      versionSql: 'select @@version as version',
      // An application lock owned by the migration transaction (released when it ends or its session dies).
      migrationLock: {
        acquire: `declare @granted int;
          exec @granted = sp_getapplock @Resource = 'farm_db_migrations', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 600000;
          select case when @granted >= 0 then 1 else 0 end as granted`,
      },
      async connections() {
        const [row] = await internalQuery<{ current: number; max: number }>(
          orm,
          'select count(*) as current, @@max_connections as max from sys.dm_exec_sessions where is_user_process = 1',
        );
        return { current: Number(row!.current), max: Number(row!.max) };
      },
      poolStats: () => stats?.() ?? null,
    });
  },
};
