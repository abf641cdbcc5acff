import { EventEmitter } from 'node:events';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LogContext } from '@mikro-orm/core';
import { QUERY_KINDS, classifyQuery, type QueryKind } from './classify.ts';
import { consoleLogger, type FarmLogger } from './logger.ts';
import { redactSql } from './redact-sql.ts';
import { RingBuffer } from './ring-buffer.ts';
import { QueryWindow } from './window.ts';
import type { DatabaseType } from '../../databases/index.ts';
import type { PoolStats } from '../providers/provider.ts';
import type { QueryObserver } from './orm-logger.ts';

export { QUERY_KINDS, type QueryKind } from './classify.ts';
export { consoleLogger, type FarmLogger } from './logger.ts';

export interface QueryMonitorOptions {
  /** Queries at or over this many milliseconds are logged once as a warning. */
  slowQueryMs: number;
  snapshotIntervalMs: number;
  snapshotBufferSize: number;
  logger?: FarmLogger;
  /** Read on every snapshot; the manager passes the provider's pool reader. */
  poolStats?: () => PoolStats | null;
  /** How many recent slow queries to keep for display. */
  slowQueryBufferSize?: number;
  /** Whose SQL the queries are, so that every literal form of that dialect is redacted. */
  dialect?: DatabaseType;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface KindCounts {
  count: number;
  errors: number;
}

export interface MonitorSnapshot {
  at: string;
  total: KindCounts & { slow: number };
  byKind: Record<QueryKind, KindCounts>;
  /** Since the monitor started (or was reset), in milliseconds. */
  latencyMs: LatencySummary;
  /** Only on periodic snapshots: what happened since the previous one. */
  window?: { durationMs: number; queries: number; errors: number; qps: number; latencyMs: LatencySummary };
  pool: PoolStats | null;
}

/** A query that failed, for display: when, which kind, its redacted text. */
export interface FailedQuery {
  at: string;
  kind: QueryKind;
  sql: string;
}

export interface SlowQuery {
  at: string;
  kind: QueryKind;
  durationMs: number;
  /** With every literal replaced by `?`. */
  sql: string;
}

/**
 * Counts every query MikroORM runs, by kind and outcome, with a latency histogram,
 * warns about slow ones and keeps periodic snapshots in a bounded ring buffer.
 * Events: 'slowQuery' (SlowQuery), 'snapshot' (MonitorSnapshot), 'alert' (AlertEvent, see alerts.ts),
 * 'query' ({ kind, seconds } for each timed query; emitted only while someone listens).
 */
export class QueryMonitor extends EventEmitter {
  readonly options: Required<Omit<QueryMonitorOptions, 'poolStats' | 'dialect'>> & Pick<QueryMonitorOptions, 'poolStats' | 'dialect'>;
  #byKind = emptyCounts();
  #slow = 0;
  // node:perf_hooks' HDR histogram, in microseconds; `took` arrives in milliseconds.
  #latency: RecordableHistogram = createHistogram();
  /** What happened since the last periodic snapshot. */
  #window = new QueryWindow();
  #history: RingBuffer<MonitorSnapshot>;
  #slowQueries: RingBuffer<SlowQuery>;
  #failedQueries = new RingBuffer<FailedQuery>(100);
  readonly #windows = new Set<QueryWindow>();
  #timer: NodeJS.Timeout | undefined;
  /** Sees every query record() takes, before anything else (the manager's OpenTelemetry spans and metrics). */
  tap: QueryObserver | undefined;

  constructor(options: QueryMonitorOptions) {
    super();
    this.options = { logger: consoleLogger, slowQueryBufferSize: 100, ...options };
    this.#history = new RingBuffer(this.options.snapshotBufferSize);
    this.#slowQueries = new RingBuffer(this.options.slowQueryBufferSize);
  }

  /** Takes one logged query. farm-db's own health queries are marked and left out. */
  record(context: LogContext): void {
    this.tap?.record(context);
    if (context.farmInternal || context.query === undefined) return;
    const kind = classifyQuery(context.query);
    const failed = context.level === 'error';
    const counts = this.#byKind[kind];
    counts.count++;
    if (failed) {
      counts.errors++;
      this.#failedQueries.push({ at: new Date().toISOString(), kind, sql: redactSql(context.query, this.options.dialect) });
    }
    const micros = context.took === undefined ? undefined : Math.max(1, Math.round(context.took * 1000));
    this.#window.record(kind, failed, micros);
    for (const window of this.#windows) window.record(kind, failed, micros);
    if (micros === undefined || context.took === undefined) return; // transaction control statements are not timed
    this.#latency.record(micros);
    // Only a metrics exporter listens; the check keeps the common case free.
    if (this.listenerCount('query') > 0) this.emit('query', { kind, seconds: micros / 1_000_000 });
    if (context.took >= this.options.slowQueryMs) this.#reportSlow(kind, context.took, context.query);
  }

  /** The figures now, cumulative since start. */
  snapshot(): MonitorSnapshot {
    const byKind = structuredClone(this.#byKind);
    const values = Object.values(byKind);
    return {
      at: new Date().toISOString(),
      total: {
        count: values.reduce((sum, k) => sum + k.count, 0),
        errors: values.reduce((sum, k) => sum + k.errors, 0),
        slow: this.#slow,
      },
      byKind,
      latencyMs: summarize(this.#latency),
      pool: this.options.poolStats?.() ?? null,
    };
  }

  /** Periodic snapshots, oldest first, at most `snapshotBufferSize` of them. */
  history(): MonitorSnapshot[] {
    return this.#history.toArray();
  }

  slowQueries(): SlowQuery[] {
    return this.#slowQueries.toArray();
  }

  /** The latest failed queries (text redacted), oldest first. */
  failedQueries(): FailedQuery[] {
    return this.#failedQueries.toArray();
  }

  /** A window of its own for a reader that samples at its own pace; close it when done. */
  openWindow(): QueryWindow {
    const window = new QueryWindow();
    this.#windows.add(window);
    return window;
  }

  closeWindow(window: QueryWindow): void {
    this.#windows.delete(window);
  }

  /** Takes a periodic snapshot now: the cumulative figures plus the window since the last one. */
  tick(): MonitorSnapshot {
    const { durationMs, queries, errors, latency } = this.#window.take();
    const snapshot: MonitorSnapshot = {
      ...this.snapshot(),
      window: { durationMs, queries, errors, qps: (queries * 1000) / durationMs, latencyMs: summarize(latency) },
    };
    this.#history.push(snapshot);
    this.emit('snapshot', snapshot);
    return snapshot;
  }

  start(): void {
    if (this.#timer) return;
    this.#window.started = Date.now();
    this.#timer = setInterval(() => this.tick(), this.options.snapshotIntervalMs);
    this.#timer.unref(); // monitoring must never keep the process alive
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #reportSlow(kind: QueryKind, durationMs: number, query: string): void {
    this.#slow++;
    const slow: SlowQuery = { at: new Date().toISOString(), kind, durationMs, sql: redactSql(query, this.options.dialect) };
    this.#slowQueries.push(slow);
    this.options.logger.warn(
      { event: 'slow_query', kind, durationMs, thresholdMs: this.options.slowQueryMs, sql: slow.sql },
      `slow ${kind} query took ${durationMs} ms (threshold ${this.options.slowQueryMs} ms)`,
    );
    this.emit('slowQuery', slow);
  }
}

function emptyCounts(): Record<QueryKind, KindCounts> {
  return Object.fromEntries(QUERY_KINDS.map(kind => [kind, { count: 0, errors: 0 }])) as Record<QueryKind, KindCounts>;
}

export function summarize(histogram: RecordableHistogram): LatencySummary {
  const count = histogram.count;
  if (count === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const ms = (micros: number) => Math.round(micros) / 1000;
  return {
    count,
    p50: ms(histogram.percentile(50)),
    p95: ms(histogram.percentile(95)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    mean: ms(histogram.mean),
  };
}
