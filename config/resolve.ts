import { FarmConfigError } from './errors.ts';
import { interpolate } from './interpolate.ts';
import { nonNegative, rejectUnknownKeys, requireObject, wholeNumber } from './checks.ts';
import { checkMonitoring } from './resolve-monitoring.ts';
import { checkReplicas, REPLICA_PROBE_INTERVAL_MS } from './resolve-replicas.ts';
import { checkUrl } from './check-url.ts';
import type { DatabaseConfig, FarmConfig, PoolConfig, ResolvedDatabaseConfig } from './types.ts';
import { DATABASE_TYPES, PROVIDER_DESCRIPTORS, isDatabaseType } from '../runtime/providers/descriptors.ts';

const DATABASE_KEYS = [
  'type', 'url', 'host', 'port', 'user', 'password', 'dbName', 'pool',
  'slowQueryMs', 'schema', 'retry', 'monitoring', 'shutdownTimeoutMs', 'replicas', 'replicaProbeIntervalMs',
] as const;
const POOL_KEYS = ['min', 'max', 'acquireTimeoutMs', 'idleTimeoutMs'] as const;
const RETRY_KEYS = ['attempts', 'delayMs', 'maxDelayMs'] as const;

export const RESOLVE_DEFAULTS = {
  slowQueryMs: 500,
  retry: { attempts: 3, delayMs: 500, maxDelayMs: 5000 },
  shutdownTimeoutMs: 10_000,
} as const;

interface Where {
  file?: string;
  env: NodeJS.ProcessEnv;
}

/** Checks a whole farm config (as exported by farm.config.ts) and resolves its database block. */
export function resolveFarmConfig(config: unknown, where: Where): ResolvedDatabaseConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new FarmConfigError('the config is not an object', {
      file: where.file,
      hint: 'export default defineConfig({ database: { type: "sqlite", url: "file:./data/app.db" } })',
    });
  }
  const database = (config as Partial<FarmConfig>).database;
  if (database === undefined) {
    throw new FarmConfigError('the config has no "database" block', {
      file: where.file,
      key: 'database',
      hint: 'add database: { type: "sqlite", url: "file:./data/app.db" } (or run: farm db add)',
    });
  }
  return resolveDatabaseConfig(database, where);
}

/** Applies the environment to a database block and validates every value. */
export function resolveDatabaseConfig(database: DatabaseConfig, where: Where): ResolvedDatabaseConfig {
  const { file, env } = where;
  requireObject(database, 'database', file);
  rejectUnknownKeys(database, DATABASE_KEYS, 'database', file);

  const type = database.type;
  if (!isDatabaseType(type)) {
    throw new FarmConfigError(`unknown database type ${JSON.stringify(type)}`, {
      key: 'database.type',
      file,
      hint: `use one of: ${DATABASE_TYPES.join(', ')}`,
    });
  }

  const url = interpolate(database.url, 'database.url', env, file);
  const dbName = interpolate(database.dbName, 'database.dbName', env, file);
  if (url !== undefined) checkUrl(url, type, file);
  if (!url && !dbName) {
    const example = PROVIDER_DESCRIPTORS[type].urlSchemes[0];
    throw new FarmConfigError('no database to connect to: neither url nor dbName is set', {
      key: 'database.url',
      file,
      hint: `set database.url (e.g. "\${DATABASE_URL}" with DATABASE_URL=${example}://… in .env) or database.dbName`,
    });
  }

  const portText = interpolate(database.port, 'database.port', env, file);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new FarmConfigError(`port ${JSON.stringify(portText)} is not a TCP port`, {
      key: 'database.port',
      file,
      hint: 'use a whole number from 1 to 65535',
    });
  }

  const schema = database.schema ?? 'none';
  if (schema !== 'none' && schema !== 'update') {
    throw new FarmConfigError(`unknown schema mode ${JSON.stringify(schema)}`, {
      key: 'database.schema',
      file,
      hint: 'use "none" (migrations manage the schema) or "update" (sync from models in development)',
    });
  }

  return {
    type,
    url,
    dbName,
    host: interpolate(database.host, 'database.host', env, file),
    port,
    user: interpolate(database.user, 'database.user', env, file),
    password: interpolate(database.password, 'database.password', env, file),
    pool: checkPool(database.pool ?? {}, file),
    slowQueryMs: nonNegative(database.slowQueryMs, 'database.slowQueryMs', file) ?? RESOLVE_DEFAULTS.slowQueryMs,
    schema,
    retry: checkRetry(database.retry ?? {}, file),
    monitoring: checkMonitoring(database.monitoring ?? {}, env, file),
    shutdownTimeoutMs:
      nonNegative(database.shutdownTimeoutMs, 'database.shutdownTimeoutMs', file) ?? RESOLVE_DEFAULTS.shutdownTimeoutMs,
    replicas: checkReplicas(database.replicas, { type, primaryUrl: url, env, file }),
    replicaProbeIntervalMs:
      wholeNumber(database.replicaProbeIntervalMs, 'database.replicaProbeIntervalMs', 100, file) ?? REPLICA_PROBE_INTERVAL_MS,
  };
}

/** Fills pool gaps from the provider's defaults and checks min ≤ max (≤ the driver's limit) on the result. */
export function completePool(
  pool: PoolConfig,
  defaults: Required<PoolConfig>,
  file?: string,
  limit?: { maxPoolSize?: number; label: string },
): Required<PoolConfig> {
  const complete = { ...defaults, ...stripUndefined(pool) };
  if (limit?.maxPoolSize !== undefined && complete.max > limit.maxPoolSize) {
    throw new FarmConfigError(`pool.max is ${complete.max}, but ${limit.label} uses at most ${limit.maxPoolSize} connection(s)`, {
      key: 'database.pool.max',
      file,
      hint: `remove database.pool.max or set it to ${limit.maxPoolSize}`,
    });
  }
  if (complete.min > complete.max) {
    throw new FarmConfigError(`pool.min (${complete.min}) is greater than pool.max (${complete.max})`, {
      key: 'database.pool',
      file,
      hint: `lower database.pool.min to ${complete.max} or less, or raise database.pool.max`,
    });
  }
  return complete;
}

function checkPool(pool: PoolConfig, file?: string): PoolConfig {
  requireObject(pool, 'database.pool', file);
  rejectUnknownKeys(pool, POOL_KEYS, 'database.pool', file);
  const checked: PoolConfig = {
    min: wholeNumber(pool.min, 'database.pool.min', 0, file),
    max: wholeNumber(pool.max, 'database.pool.max', 1, file),
    acquireTimeoutMs: nonNegative(pool.acquireTimeoutMs, 'database.pool.acquireTimeoutMs', file),
    idleTimeoutMs: nonNegative(pool.idleTimeoutMs, 'database.pool.idleTimeoutMs', file),
  };
  if (checked.min !== undefined && checked.max !== undefined) completePool(checked, checked as Required<PoolConfig>, file);
  return stripUndefined(checked);
}

function checkRetry(retry: NonNullable<DatabaseConfig['retry']>, file?: string): ResolvedDatabaseConfig['retry'] {
  requireObject(retry, 'database.retry', file);
  rejectUnknownKeys(retry, RETRY_KEYS, 'database.retry', file);
  const d = RESOLVE_DEFAULTS.retry;
  return {
    attempts: wholeNumber(retry.attempts, 'database.retry.attempts', 1, file) ?? d.attempts,
    delayMs: nonNegative(retry.delayMs, 'database.retry.delayMs', file) ?? d.delayMs,
    maxDelayMs: nonNegative(retry.maxDelayMs, 'database.retry.maxDelayMs', file) ?? d.maxDelayMs,
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
