import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseManager } from '../runtime/manager.ts';
import { QUERY_KINDS, type QueryKind } from '../runtime/monitoring.ts';
import { registerReplicaMetrics } from './replica-metrics.ts';

const HEALTH_VALUE = { pass: 1, warn: 0.5, fail: 0 } as const;

/**
 * The Prometheus metrics of one DatabaseManager, in a registry of their own (never the global
 * one, so two managers or the app's own metrics do not collide). Counters follow the monitor's
 * totals; gauges are read at scrape time.
 */
export function createMetrics(db: DatabaseManager): { registry: Registry; close(): void } {
  const registry = new Registry();
  const monitor = db.monitor;
  // Counters catch up with the monitor's cumulative totals when scraped: `added` is what they hold.
  const added = new Map<string, number>();
  const catchUp = (counter: Counter, key: string, total: number, labels: Record<string, string> = {}) => {
    counter.inc(labels, total - (added.get(key) ?? 0)); // inc(0) still creates the series
    added.set(key, total);
  };
  new Counter({
    name: 'farm_db_queries_total',
    help: 'Queries run, by kind and outcome.',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
    collect() {
      const { byKind } = monitor.snapshot();
      for (const kind of QUERY_KINDS) {
        catchUp(this, `${kind}:ok`, byKind[kind].count - byKind[kind].errors, { kind, outcome: 'ok' });
        if (byKind[kind].errors > 0) catchUp(this, `${kind}:error`, byKind[kind].errors, { kind, outcome: 'error' });
      }
    },
  });
  new Counter({
    name: 'farm_db_slow_queries_total',
    help: 'Queries at or over slowQueryMs.',
    registers: [registry],
    collect() {
      catchUp(this, 'slow', monitor.snapshot().total.slow);
    },
  });
  const duration = new Histogram({
    name: 'farm_db_query_duration_seconds',
    help: 'Query duration, by kind.',
    labelNames: ['kind'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Each timed query reaches the histogram as it happens.
  const onQuery = (event: { kind: QueryKind; seconds: number }) => duration.observe({ kind: event.kind }, event.seconds);
  monitor.on('query', onQuery);

  new Gauge({
    name: 'farm_db_pool_connections',
    help: 'Pool connections by state (max is the pool size limit).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = monitor.snapshot().pool;
      if (!pool) return;
      for (const state of ['busy', 'idle', 'waiting', 'max'] as const) this.set({ state }, pool[state]);
    },
  });
  new Gauge({
    name: 'farm_db_health_status',
    help: 'Health of the database: 1 pass, 0.5 warn, 0 fail.',
    registers: [registry],
    async collect() {
      this.set(HEALTH_VALUE[(await db.healthCheck()).status]);
    },
  });
  new Gauge({
    name: 'farm_db_migrations',
    help: 'Migration runs recorded in the history, by direction and outcome.',
    labelNames: ['direction', 'outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      const history = await db.migrationHistory().catch(() => []);
      for (const entry of history) this.inc({ direction: entry.direction, outcome: entry.error ? 'failed' : 'ok' });
    },
  });
  new Gauge({
    name: 'farm_db_alerts_active',
    help: 'Alerts raised and not cleared, by name.',
    labelNames: ['alert'],
    registers: [registry],
    collect() {
      this.reset();
      for (const alert of db.alerts.active()) this.set({ alert: alert.name }, 1);
    },
  });
  registerReplicaMetrics(db, registry);

  return {
    registry,
    close() {
      monitor.off('query', onQuery);
    },
  };
}
