import { createRequire } from 'node:module';
import type { Dialect } from 'kysely';
import type { PoolConfig, ResolvedDatabaseConfig } from '../../../config/types.ts';
import type { PoolStats } from '../provider.ts';

/** The parts of tarn's Pool that health and monitoring read. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * MikroORM builds SQL Server's tarn pool inside Kysely's MssqlDialect and keeps no handle on
 * it. farm-db builds that dialect itself (the same tedious settings MikroORM uses) with a tarn
 * Pool subclass that remembers the instance, so pool statistics come from the real pool.
 * MikroORM's per-checkout `onReserveConnection` hook is not wired here; farm-db does not use it.
 */
export async function mssqlDialect(
  config: ResolvedDatabaseConfig,
  pool: Required<PoolConfig>,
): Promise<{ dialect: Dialect; stats: () => PoolStats | null }> {
  // tarn and tedious come with @mikro-orm/mssql: resolve them from there (works with strict pnpm too).
  const require = createRequire(import.meta.resolve('@mikro-orm/mssql'));
  const Tarn = require('tarn') as { Pool: new (options: object) => TarnPool };
  const Tedious = require('tedious') as { Connection: new (options: object) => unknown };
  const { MssqlDialect } = await import('kysely');

  let captured: TarnPool | undefined;
  class RecordedPool extends Tarn.Pool {
    constructor(options: object) {
      super(options);
      captured = this as unknown as TarnPool;
    }
  }

  const target = config.url ? new URL(config.url.replace(/^sqlserver:/, 'mssql:')) : undefined;
  const host = config.host ?? (target ? decodeURIComponent(target.hostname) : 'localhost');
  const [server, instanceName] = host.split('\\');
  const connectionOptions = {
    server,
    authentication: {
      type: 'default',
      options: {
        userName: config.user ?? (target ? decodeURIComponent(target.username) : undefined),
        password: config.password ?? (target ? decodeURIComponent(target.password) : undefined),
      },
    },
    options: {
      database: config.dbName ?? (target ? decodeURIComponent(target.pathname).replace(/^\//, '') || undefined : undefined),
      ...(instanceName ? { instanceName } : { port: config.port ?? (target?.port ? Number(target.port) : 1433) }),
      enableArithAbort: true,
      fallbackToDefaultDb: true,
      useUTC: false,
      encrypt: false,
    },
  };
  const dialect = new MssqlDialect({
    tarn: {
      ...Tarn,
      Pool: RecordedPool,
      options: { min: pool.min, max: pool.max, idleTimeoutMillis: pool.idleTimeoutMs, acquireTimeoutMillis: pool.acquireTimeoutMs },
    },
    tedious: { ...Tedious, connectionFactory: () => new Tedious.Connection(connectionOptions) },
  } as never);
  const stats = (): PoolStats | null => {
    if (!captured) return null;
    const busy = captured.numUsed();
    const idle = captured.numFree();
    return { max: captured.max, size: busy + idle, idle, busy, waiting: captured.numPendingAcquires() };
  };
  return { dialect, stats };
}
