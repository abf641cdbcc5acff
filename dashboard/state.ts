import type { AlertEvent } from '../runtime/alerts.ts';
import type { DatabaseManager } from '../runtime/manager.ts';
import { QUERY_KINDS, type FailedQuery, type QueryKind, type SlowQuery } from '../runtime/monitoring.ts';
import type { QueryWindow } from '../runtime/monitoring/window.ts';
import type { MigrationHistoryEntry } from '../migrations/types.ts';
import type { PoolStats, ServerConnections } from '../runtime/providers/provider.ts';
import type { HealthResponse } from '../runtime/health.ts';
import type { ReplicaStatus } from '../runtime/replicas/replica-set.ts';

/** What one update of the dashboard carries. Never a password or a query parameter. */
export interface DashboardState {
  at: string;
  provider: string;
  health: { status: string; output?: string; responseTimeMs?: number; version?: string };
  /** Queries per second by kind since the previous update. */
  rates: Record<QueryKind, number>;
  errorsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  pool: PoolStats | null;
  connections: ServerConnections | null;
  totals: { queries: number; errors: number; slow: number };
  slowQueries: SlowQuery[];
  errors: FailedQuery[];
  migrations: MigrationHistoryEntry[] | null;
  alerts: AlertEvent[];
  /** Each read replica as of the latest health check (empty without replicas). */
  replicas: ReplicaStatus[];
}

const LIST_LENGTH = 20;

/**
 * Samples the database for the dashboard: the queries since the last sample and the pool (from
 * memory), health and migrations (which need a connection). Those two are refreshed in the
 * background and the latest answer is shown, so a saturated pool, exactly what the page must
 * show, never holds the updates back.
 */
export class DashboardSampler {
  readonly #db: DatabaseManager;
  readonly #window: QueryWindow;
  readonly #health: Background<HealthResponse>;
  readonly #migrations: Background<MigrationHistoryEntry[] | null>;

  constructor(db: DatabaseManager) {
    this.#db = db;
    this.#window = db.monitor.openWindow();
    // The two reads take turns, so the dashboard holds at most one of the app's connections.
    const inTurn = oneAtATime();
    this.#health = new Background(inTurn(() => db.healthCheck()));
    // No migrations set up, or the database down: the page says "unavailable".
    this.#migrations = new Background(inTurn(() => db.migrationHistory().then(h => h.slice(-LIST_LENGTH).reverse(), () => null)));
  }

  /** Stops sampling; resolves once reads still running in the background have finished. */
  async close(): Promise<void> {
    this.#db.monitor.closeWindow(this.#window);
    await Promise.all([this.#health.settled(), this.#migrations.settled()]);
  }

  async sample(): Promise<DashboardState> {
    const monitor = this.#db.monitor;
    const window = this.#window.take();
    const perSecond = (n: number) => Math.round((n * 100_000) / window.durationMs) / 100;
    const health = await this.#health.latest();
    const snapshot = monitor.snapshot();
    const ms = (percentile: number) => (window.latency.count ? Math.round(window.latency.percentile(percentile)) / 1000 : 0);
    return {
      at: new Date().toISOString(),
      provider: health.description.replace(/ health$/, ''),
      health: {
        status: health.status,
        output: health.output,
        responseTimeMs: health.checks['database:responseTime'][0].observedValue,
        version: health.checks['database:version']?.[0].observedValue,
      },
      rates: Object.fromEntries(QUERY_KINDS.map(kind => [kind, perSecond(window.byKind.get(kind) ?? 0)])) as Record<QueryKind, number>,
      errorsPerSecond: perSecond(window.errors),
      latencyMs: { p50: ms(50), p95: ms(95), p99: ms(99) },
      pool: snapshot.pool,
      connections: health.checks['database:connections']?.[0].observedValue ?? null,
      totals: { queries: snapshot.total.count, errors: snapshot.total.errors, slow: snapshot.total.slow },
      slowQueries: monitor.slowQueries().slice(-LIST_LENGTH).reverse(),
      errors: monitor.failedQueries().slice(-LIST_LENGTH).reverse(),
      migrations: await this.#migrations.latest(),
      alerts: this.#db.alerts.active(),
      replicas: this.#db.replicas,
    };
  }
}

/** Wraps loads so that each starts only once the one before it has settled. */
function oneAtATime(): <T>(load: () => Promise<T>) => () => Promise<T> {
  let previous: Promise<unknown> = Promise.resolve();
  return load => () => {
    const next = previous.then(load);
    previous = next.catch(() => undefined);
    return next;
  };
}

/** A value refreshed in the background: the first read waits for it, later reads get the latest and start a refresh. */
class Background<T> {
  readonly #load: () => Promise<T>;
  #value: Promise<T> | undefined;
  #refreshing: Promise<unknown> | undefined;

  constructor(load: () => Promise<T>) {
    this.#load = load;
  }

  latest(): Promise<T> {
    if (!this.#value) return (this.#value = this.#load());
    if (!this.#refreshing) {
      const next = this.#load();
      this.#refreshing = next.then(
        () => (this.#value = next),
        () => undefined,
      ).finally(() => (this.#refreshing = undefined));
    }
    return this.#value;
  }

  /** Resolves when no load is running. */
  async settled(): Promise<void> {
    await Promise.allSettled([this.#value, this.#refreshing]);
  }
}
