// `farm-db/runtime`: what the generated app imports.
export { DatabaseManager, type DatabaseManagerOptions, type Model, type ProjectConfigSource } from './manager.ts';
export type { TransactionOptions } from './transactions.ts';
export { defineFactory, type Factory } from './factory.ts';
export type { SeedOptions, SeedRun, SeedFunction } from './seed.ts';
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
  type FailedQuery,
} from './monitoring/index.ts';
export type { QueryWindow } from './monitoring/window.ts';
export type { AlertEvent, AlertName, AlertEvaluator } from './alerts.ts';
export type { ReplicaStatus } from './replicas/replica-set.ts';
// The dashboard itself is `farm-db/dashboard` (serveDashboard); db.dashboard() loads it on demand.
export type { DashboardHandler, DashboardOptions, DashboardSource } from './dashboard-source.ts';
export type { MigrationHistoryEntry, MigrationStatus, MigrateUpOptions, MigrateDownOptions, MigrationsBackend } from './migrations-backend.ts';
// Moving data (export, import, transfer) is `farm-db/portability`, so apps do not load it at start.
export { FarmRuntimeError, DatabaseConnectionError } from './errors.ts';
export type { PoolStats, ServerConnections } from './providers/provider.ts';
export { DATABASE_TYPES, PROVIDER_DESCRIPTORS, type DatabaseType } from '../databases/index.ts';
export { defineEntity, p, EntitySchema } from '@mikro-orm/core';
export type { EntityManager } from '@mikro-orm/core';
export type { FastLane, FastLaneDatabase } from './fast-lane.ts';
// For raw fragments in fast-lane queries (sql`now()`), so apps need not depend on kysely themselves.
export { sql } from 'kysely';
