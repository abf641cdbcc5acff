import type { MikroORM } from '@mikro-orm/core';
import type { ProviderSession, ServerConnections } from './provider.ts';

/** Marks queries farm-db runs for itself, so the monitor can leave them out of the app's figures. */
export const INTERNAL_QUERY = { farmInternal: true } as const;

interface SqlConnectionLike {
  execute(sql: string, params?: unknown[], method?: 'all' | 'get' | 'run', ctx?: unknown, loggerContext?: object): Promise<unknown>;
}

/** Runs one of farm-db's own queries (health, version) and returns its rows. */
export async function internalQuery<T>(orm: MikroORM, sql: string): Promise<T[]> {
  const connection = orm.em.getConnection() as unknown as SqlConnectionLike;
  return (await connection.execute(sql, [], 'all', undefined, INTERNAL_QUERY)) as T[];
}

/** The parts of a session every SQL database shares; providers supply the SQL that differs. */
export function sqlSession(
  orm: MikroORM,
  parts: {
    versionSql: string;
    connections: () => Promise<ServerConnections | null>;
    poolStats: ProviderSession['poolStats'];
    interrupt?: ProviderSession['interrupt'];
  },
): ProviderSession {
  return {
    poolStats: parts.poolStats,
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
