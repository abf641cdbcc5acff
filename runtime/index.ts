// `farm-db/runtime`: what the generated app imports.
export { DatabaseManager, type DatabaseManagerOptions, type Model, type ProjectConfigSource } from './manager.ts';
export type { TransactionOptions } from './transactions.ts';
export type { HealthResponse, HealthStatus, HealthCheckEntry, HealthChecks } from './health.ts';
export {
  QueryMonitor,
  QUERY_KINDS,
  consoleLogger,
  type QueryKind,
  type FarmLogger,
  type MonitorSnapshot,
  type SlowQuery,
  type LatencySummary,
} from './monitoring.ts';
export { FarmRuntimeError, DatabaseConnectionError } from './errors.ts';
export type { PoolStats, ServerConnections } from './providers/provider.ts';
export { DATABASE_TYPES, PROVIDER_DESCRIPTORS, type DatabaseType } from './providers/descriptors.ts';
export { defineEntity, p, EntitySchema } from '@mikro-orm/core';
