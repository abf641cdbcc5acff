import type { BatchObservableCallback, Histogram, Meter, MeterProvider, ObservableUpDownCounter } from '@opentelemetry/api';
import type { PoolStats } from '../providers/provider.ts';
import { poolName, type ConnectionAttributes } from './connection-attributes.ts';
import type { OtelApi } from './load-api.ts';
import { INSTRUMENTATION_SCOPE } from './tracer-source.ts';

/** The bucket boundaries the database conventions advise for db.client.operation.duration, in seconds. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

export interface QueryInstruments {
  duration: Histogram;
}

/**
 * The instruments on the meter provider registered now, or undefined while none is (the API's
 * no-op provider hands out the no-op meter). Made again when another provider is registered; the
 * pool gauges are read by the SDK at collection time through one batch callback.
 */
export class MeterSource {
  readonly #api: OtelApi;
  readonly #attributes: ConnectionAttributes;
  readonly #poolStats: () => PoolStats | null;
  #provider?: MeterProvider;
  #instruments?: QueryInstruments;
  #detach?: () => void;
  #closed = false;

  constructor(api: OtelApi, attributes: ConnectionAttributes, poolStats: () => PoolStats | null) {
    this.#api = api;
    this.#attributes = attributes;
    this.#poolStats = poolStats;
  }

  current(): QueryInstruments | undefined {
    if (this.#closed) return undefined;
    const provider = this.#api.metrics.getMeterProvider();
    if (provider !== this.#provider) this.#attach(provider);
    return this.#instruments;
  }

  /** Stops observing the pool; no instrument is made again. */
  close(): void {
    this.#closed = true;
    this.#release();
  }

  #release(): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#instruments = undefined;
  }

  #attach(provider: MeterProvider): void {
    this.#release();
    this.#provider = provider;
    const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
    if (meter === this.#api.createNoopMeter()) return;
    this.#instruments = {
      duration: meter.createHistogram('db.client.operation.duration', {
        description: 'Duration of database client operations.',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
    };
    this.#detach = this.#observePool(meter);
  }

  #observePool(meter: Meter): () => void {
    const count = meter.createObservableUpDownCounter('db.client.connection.count', {
      description: 'The number of connections that are currently in the state described by the state attribute.',
      unit: '{connection}',
    });
    const max = meter.createObservableUpDownCounter('db.client.connection.max', {
      description: 'The maximum number of open connections allowed.',
      unit: '{connection}',
    });
    const pending = meter.createObservableUpDownCounter('db.client.connection.pending_requests', {
      description: 'The number of current pending requests for an open connection.',
      unit: '{request}',
    });
    const pool = { 'db.client.connection.pool.name': poolName(this.#attributes) };
    const observables: ObservableUpDownCounter[] = [count, max, pending];
    const callback: BatchObservableCallback = result => {
      const stats = this.#poolStats();
      if (!stats) return;
      result.observe(count, stats.busy, { ...pool, 'db.client.connection.state': 'used' });
      result.observe(count, stats.idle, { ...pool, 'db.client.connection.state': 'idle' });
      result.observe(max, stats.max, pool);
      result.observe(pending, stats.waiting, pool);
    };
    meter.addBatchObservableCallback(callback, observables);
    return () => meter.removeBatchObservableCallback(callback, observables);
  }
}
