import type { DatabaseType } from '../runtime/providers/descriptors.ts';

export type { DatabaseType };

/** A value read from the environment when the config is resolved, made by `env()`. */
export interface EnvRef {
  readonly kind: 'farm-env-ref';
  readonly name: string;
  readonly fallback?: string;
}

/** A string setting: literal, `${VAR}` / `${VAR:-default}` template, or `env('VAR')`. */
export type StringSetting = string | EnvRef;

export interface PoolConfig {
  min?: number;
  max?: number;
  /** How long a caller waits for a free connection before failing. */
  acquireTimeoutMs?: number;
  /** How long an idle connection stays open. */
  idleTimeoutMs?: number;
}

export interface RetryConfig {
  /** Connection attempts at start-up, including the first. */
  attempts?: number;
  /** Delay before the second attempt; doubles each time. */
  delayMs?: number;
  maxDelayMs?: number;
}

/** When the monitor raises an alert; each clears again below 80 % of its threshold (health: on pass). */
export interface AlertThresholds {
  /** Busy connections / pool max, 0–1 (default 0.9). */
  poolUtilization?: number;
  /** Callers waiting for a connection (default 5). */
  waitingRequests?: number;
  /** 95th percentile query latency over the last interval, ms (default 1000). */
  p95Ms?: number;
  /** Failed / all queries over the last interval, 0–1 (default 0.05). */
  errorRate?: number;
  /** Alert while the health check fails (default true). */
  healthFail?: boolean;
  /** How often they are evaluated, ms (default 5000). */
  intervalMs?: number;
}

export interface MonitoringConfig {
  enabled?: boolean;
  snapshotIntervalMs?: number;
  /** How many snapshots the ring buffer keeps. */
  snapshotBufferSize?: number;
  /** Alert thresholds; with them set, alerts are evaluated for the app's whole life. */
  alerts?: AlertThresholds;
  /** Required to serve the dashboard on anything but loopback (or FARM_DASHBOARD_TOKEN). */
  dashboardToken?: StringSetting;
}

export interface DatabaseConfig {
  type: DatabaseType;
  url?: StringSetting;
  host?: StringSetting;
  port?: number | StringSetting;
  user?: StringSetting;
  password?: StringSetting;
  dbName?: StringSetting;
  pool?: PoolConfig;
  /** Queries taking at least this long are logged as warnings. */
  slowQueryMs?: number;
  /** `update` brings the schema in line with the models at start-up (not in production). */
  schema?: 'none' | 'update';
  retry?: RetryConfig;
  monitoring?: MonitoringConfig;
  /** How long `shutdown()` waits for in-flight transactions. */
  shutdownTimeoutMs?: number;
  /** Read replicas (URLs like `url`): reads outside transactions go to them, writes and transactions to the primary. */
  replicas?: StringSetting[];
  /** How often replicas are probed: one out of rotation comes back in on the first probe it answers (default 5000). */
  replicaProbeIntervalMs?: number;
}

export interface FarmConfig {
  database: DatabaseConfig;
  [key: string]: unknown;
}

/** The database config with the environment applied and every value checked. */
export interface ResolvedDatabaseConfig {
  type: DatabaseType;
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  dbName?: string;
  pool: PoolConfig;
  slowQueryMs: number;
  schema: 'none' | 'update';
  retry: Required<RetryConfig>;
  monitoring: Required<Omit<MonitoringConfig, 'alerts' | 'dashboardToken'>> & { alerts: Required<AlertThresholds> | null; dashboardToken: string | null };
  shutdownTimeoutMs: number;
  /** Replica URLs, interpolated and checked; empty without replicas. */
  replicas: string[];
  replicaProbeIntervalMs: number;
}
