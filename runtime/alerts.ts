import type { AlertThresholds } from '../config/types.ts';
import type { HealthResponse } from './health.ts';
import type { QueryMonitor } from './monitoring/index.ts';
import type { FarmLogger } from './monitoring/logger.ts';
import type { QueryWindow } from './monitoring/window.ts';

export type AlertName = 'poolUtilization' | 'waitingRequests' | 'p95Ms' | 'errorRate' | 'healthFail';

export interface AlertEvent {
  name: AlertName;
  state: 'raised' | 'cleared';
  value: number;
  threshold: number;
  at: string;
  message: string;
}

/** An alert clears only once its value is back under this share of the threshold (no flapping). */
const CLEAR_BELOW = 0.8;

const DESCRIBE: Record<AlertName, (value: number, threshold: number) => string> = {
  poolUtilization: (v, t) => `pool ${Math.round(v * 100)} % busy (alert at ${Math.round(t * 100)} %)`,
  waitingRequests: (v, t) => `${v} caller(s) waiting for a connection (alert at ${t})`,
  p95Ms: (v, t) => `p95 query latency ${v} ms (alert at ${t} ms)`,
  errorRate: (v, t) => `${Math.round(v * 1000) / 10} % of queries failing (alert at ${Math.round(t * 1000) / 10} %)`,
  healthFail: () => 'the database health check fails',
};

/**
 * Evaluates the alert thresholds every `intervalMs` against the pool, the queries since the last
 * evaluation and the health check. A crossing raises an alert (a warning in the log, an 'alert'
 * event on the monitor); it clears when the value falls below 80 % of the threshold.
 */
export class AlertEvaluator {
  readonly #thresholds: Required<AlertThresholds>;
  readonly #monitor: QueryMonitor;
  readonly #health: () => Promise<HealthResponse>;
  readonly #logger: FarmLogger;
  readonly #active = new Map<AlertName, AlertEvent>();
  #window: QueryWindow | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  /** One entry per hold() not yet released: the evaluation runs while any is left. */
  readonly #holders = new Set<symbol>();

  constructor(thresholds: Required<AlertThresholds>, monitor: QueryMonitor, health: () => Promise<HealthResponse>, logger: FarmLogger) {
    this.#thresholds = thresholds;
    this.#monitor = monitor;
    this.#health = health;
    this.#logger = logger;
  }

  get thresholds(): Required<AlertThresholds> {
    return this.#thresholds;
  }

  /** How many hold the evaluator now (the manager with `monitoring.alerts`, each open dashboard). */
  get holders(): number {
    return this.#holders.size;
  }

  /** Whether the thresholds are being evaluated now (someone holds the evaluator). */
  get evaluating(): boolean {
    return this.#timer !== undefined;
  }

  /** The alerts raised and not yet cleared. */
  active(): AlertEvent[] {
    return [...this.#active.values()];
  }

  /**
   * Keeps the evaluation running until the returned release is called: it runs while anyone holds
   * it (the manager when `monitoring.alerts` is set, each open dashboard), so one dashboard
   * closing does not stop the alerts another still shows.
   */
  hold(): () => void {
    const holder = Symbol('alert holder');
    this.#holders.add(holder);
    if (!this.#timer) {
      this.#window = this.#monitor.openWindow();
      this.#timer = setInterval(() => void this.evaluate(), this.#thresholds.intervalMs);
      this.#timer.unref();
    }
    // Releasing twice, or after stop(), changes nothing: a count could go below zero and then
    // keep a later holder's evaluation running after it let go.
    return () => {
      if (this.#holders.delete(holder) && this.#holders.size === 0) this.stop();
    };
  }

  /** Stops evaluating whoever holds it (the manager's shutdown). */
  stop(): void {
    this.#holders.clear();
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#window) this.#monitor.closeWindow(this.#window);
    this.#window = undefined;
  }

  /** One evaluation (the timer calls it; tests and the dashboard may too). */
  async evaluate(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const t = this.#thresholds;
      const pool = this.#monitor.snapshot().pool;
      const window = this.#window?.take();
      if (pool && pool.max > 0) {
        this.#check('poolUtilization', pool.busy / pool.max, t.poolUtilization);
        this.#check('waitingRequests', pool.waiting, t.waitingRequests);
      }
      if (window && window.latency.count > 0) {
        // Whole milliseconds, MikroORM's resolution (a 0 ms query is recorded as 1 µs, not 0.001 ms).
        this.#check('p95Ms', Math.round(window.latency.percentile(95) / 1000), t.p95Ms);
      }
      if (window) this.#check('errorRate', window.queries > 0 ? window.errors / window.queries : 0, t.errorRate);
      if (t.healthFail) {
        const status = (await this.#health()).status;
        this.#check('healthFail', status === 'fail' ? 1 : 0, 1);
      }
    } finally {
      this.#running = false;
    }
  }

  #check(name: AlertName, value: number, threshold: number): void {
    const active = this.#active.has(name);
    if (!active && value >= threshold) this.#emit({ name, state: 'raised', value, threshold, at: new Date().toISOString(), message: DESCRIBE[name](value, threshold) });
    else if (active && value < threshold * CLEAR_BELOW) this.#emit({ name, state: 'cleared', value, threshold, at: new Date().toISOString(), message: `${DESCRIBE[name](value, threshold)}: back to normal` });
  }

  #emit(event: AlertEvent): void {
    if (event.state === 'raised') {
      this.#active.set(event.name, event);
      this.#logger.warn({ event: 'alert_raised', alert: event.name, value: event.value, threshold: event.threshold }, `alert: ${event.message}`);
    } else {
      this.#active.delete(event.name);
      (this.#logger.info ?? this.#logger.warn)({ event: 'alert_cleared', alert: event.name, value: event.value }, `alert cleared: ${event.message}`);
    }
    this.#monitor.emit('alert', event);
  }
}
