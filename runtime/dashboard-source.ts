import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedDatabaseConfig } from '../config/types.ts';
import type { AlertEvaluator } from './alerts.ts';
import type { HealthResponse } from './health.ts';
import type { MigrationHistoryEntry } from './migrations-backend.ts';
import type { QueryMonitor } from './monitoring/index.ts';
import type { ReplicaStatus } from './replicas/replica-set.ts';

export interface DashboardOptions {
  /** Required on every request when set (`Authorization: Bearer …` or `?token=`); from monitoring.dashboardToken / FARM_DASHBOARD_TOKEN by default. */
  token?: string;
  /** How often connected pages get new figures (default 1000 ms). */
  intervalMs?: number;
}

/** A node:http / Express style handler; `next` (Express) is called for paths it does not serve. */
export type DashboardHandler = ((req: IncomingMessage, res: ServerResponse, next?: () => void) => void) & {
  /** Ends the live streams and stops sampling (the DatabaseManager stays open); resolves when reads in flight are done. */
  close(): Promise<void>;
};

/**
 * All the dashboard reads of a DatabaseManager (which is one): the dashboard depends on this, not on the
 * manager, so runtime/ never needs dashboard/ but to load it on demand in db.dashboard().
 */
export interface DashboardSource {
  readonly config: ResolvedDatabaseConfig;
  readonly monitor: QueryMonitor;
  readonly alerts: AlertEvaluator;
  healthCheck(): Promise<HealthResponse>;
  migrationHistory(): Promise<MigrationHistoryEntry[]>;
  /** Each read replica's state (empty without `database.replicas`). */
  readonly replicas: ReplicaStatus[];
}
