import type { MikroORM } from '@mikro-orm/core';
import type { ProviderSession, ServerConnections } from '../provider.ts';
import { sqlTransferTarget } from './sql-transfer.ts';
import type { TransferSource, TransferTarget } from '../transfer.ts';

/** Marks queries farm-db runs for itself, so the monitor can leave them out of the app's figures. */
export const INTERNAL_QUERY = { farmInternal: true } as const;

interface SqlConnectionLike {
  execute(sql: string, params?: unknown[], method?: 'all' | 'get' | 'run', ctx?: unknown, loggerContext?: object): Promise<unknown>;
}

/** Runs one of farm-db's own queries (health, version, locks) and returns its rows; `ctx` is a transaction. */
export async function internalQuery<T>(orm: MikroORM, sql: string, ctx?: unknown): Promise<T[]> {
  const connection = orm.em.getConnection() as unknown as SqlConnectionLike;
  return (await connection.execute(sql, [], 'all', ctx, INTERNAL_QUERY)) as T[];
}

/**
 * How a database makes one process the only migrator. `acquire` runs inside the migration
 * transaction and answers one row whose first value is 1 when the lock was granted; the lock
 * ends with the transaction or at `release`, and with the connection if the holder dies.
 */
export interface SqlMigrationLock {
  acquire: string;
  release?: string;
}

/** The parts of a session every SQL database shares; providers supply the SQL that differs. */
export function sqlSession(
  orm: MikroORM,
  parts: {
    versionSql: string;
    connections: () => Promise<ServerConnections | null>;
    poolStats: ProviderSession['poolStats'];
    interrupt?: ProviderSession['interrupt'];
    migrationLock: SqlMigrationLock | null;
    /** A faster bulk path than multi-row INSERT, where the database has one. */
    transfer?: () => TransferTarget;
    /** Exact reads for transfers, where MikroORM's usual ones are not (see TransferSource). */
    transferSource?: () => TransferSource;
  },
): ProviderSession {
  const lock = parts.migrationLock;
  return {
    transfer: () => parts.transfer?.() ?? sqlTransferTarget(orm),
    transferSource: parts.transferSource,
    poolStats: parts.poolStats,
    async lockMigrations(ctx) {
      if (!lock) return async () => undefined;
      const [row] = await internalQuery<Record<string, unknown>>(orm, lock.acquire, ctx);
      const granted = Object.values(row ?? {})[0];
      if (Number(granted) !== 1 && granted !== true) {
        throw new Error(`another process held the migration lock for too long (${lock.acquire} answered ${String(granted)})`);
      }
      return async () => {
        if (lock.release) await internalQuery(orm, lock.release, ctx);
      };
    },
    interrupt: parts.interrupt,
    async serverVersion() {
      const [row] = await internalQuery<Record<string, unknown>>(orm, parts.versionSql);
      return String(Object.values(row ?? {})[0] ?? 'unknown');
    },
    serverConnections: parts.connections,
    async prepareSchema(mode) {
      if (mode === 'update') await orm.schema.update();
    },
  };
}

/** Host and port from the URL or the discrete settings, for messages. */
export function describeTarget(
  config: { url?: string; host?: string; port?: number; dbName?: string },
  defaultPort: number,
): string {
  if (config.url) {
    const url = new URL(config.url);
    const db = url.pathname.replace(/^\//, '') || config.dbName;
    return `${url.hostname || 'localhost'}:${url.port || defaultPort}${db ? `/${db}` : ''}`;
  }
  return `${config.host ?? 'localhost'}:${config.port ?? defaultPort}${config.dbName ? `/${config.dbName}` : ''}`;
}
