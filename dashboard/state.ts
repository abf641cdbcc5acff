import {
  QUERY_KINDS,
  type AlertEvent,
  type DashboardSource,
  type FailedQuery,
  type HealthResponse,
  type MigrationHistoryEntry,
  type PoolStats,
  type QueryKind,
  type QueryWindow,
  type ReplicaStatus,
  type ServerConnections,
  type SlowQuery,
} from '../runtime/index.ts';
import type { RecordableHistogram } from 'node:perf_hooks';

/**
 * Whose figures an update shows: `process` (the dashboard mounted in the app: the app's own),
 * `standalone` (`farm db dashboard` alone: the server-side figures and this process only) or
 * `attached` (`--app`: the app's figures from its stream, the server-side ones read here).
 */
export type UpdateOrigin =
  | { mode: 'process' | 'standalone' }
  | { mode: 'attached'; app: string; connected: boolean; error?: string };

/** What one update of the dashboard carries. Never a password, a token or a query parameter. */
export interface DashboardState {
  at: string;
  source: UpdateOrigin;
  provider: string;
  health: { status: string; output?: string; responseTimeMs?: number; version?: string };
  /** Queries per second by kind since the previous update. */
  rates: Record<QueryKind, number>;
  errorsPerSecond: number;
  /**
   * Latency of the queries since the previous update, in whole milliseconds: MikroORM times a
   * query with Date.now(), so 0 means under 1 ms. Null when no query was timed in that span.
   */
  latencyMs: { p50: number; p95: number; p99: number } | null;
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
  readonly #db: DashboardSource;
  readonly #window: QueryWindow;
  readonly #health: Background<HealthResponse>;
  readonly #migrations: Background<MigrationHistoryEntry[] | null>;

  readonly #source: UpdateOrigin;

  constructor(db: DashboardSource, source: UpdateOrigin = { mode: 'process' }) {
    this.#db = db;
    this.#source = source;
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
    // The in-memory figures first: the background reads below check a connection out, and a
    // pool read while that checkout is queued (pg-pool queues it for a tick) counts the
    // dashboard's own probe as a caller waiting, a "waiting 1" on an idle pool.
    const window = this.#window.take();
    const snapshot = monitor.snapshot();
    const at = new Date().toISOString();
    const perSecond = (n: number) => Math.round((n * 100_000) / window.durationMs) / 100;
    const health = await this.#health.latest();
    return {
      at,
      source: this.#source,
      provider: health.description.replace(/ health$/, ''),
      health: {
        status: health.status,
        output: health.output,
        responseTimeMs: health.checks['database:responseTime'][0].observedValue,
        version: health.checks['database:version']?.[0].observedValue,
      },
      rates: Object.fromEntries(QUERY_KINDS.map(kind => [kind, perSecond(window.byKind.get(kind) ?? 0)])) as Record<QueryKind, number>,
      errorsPerSecond: perSecond(window.errors),
      latencyMs: wholeMilliseconds(window.latency),
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

/**
 * The window's percentiles in milliseconds. The monitor records MikroORM's whole-millisecond
 * timings as microseconds, and a 0 ms query as 1 µs (the histogram takes no zero): dividing by
 * 1000 turned "under 1 ms" into "0.001 ms". Rounded to the millisecond, the resolution they have.
 */
export function wholeMilliseconds(latency: RecordableHistogram): DashboardState['latencyMs'] {
  if (latency.count === 0) return null;
  const ms = (percentile: number) => Math.round(latency.percentile(percentile) / 1000);
  return { p50: ms(50), p95: ms(95), p99: ms(99) };
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
