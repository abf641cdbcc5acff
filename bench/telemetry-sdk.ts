/**
 * For `bench:runtime`: an OpenTelemetry SDK set up as an app would (async-hooks context manager,
 * BatchSpanProcessor, a meter provider with a periodic reader) but exporting nowhere, so what is
 * measured is farm-db's spans and the SDK's own work, not a network. Registered only around the runs
 * that measure it, so the other variants run with the API and no SDK.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import * as api from '@opentelemetry/api';
import { resolveDatabaseConfig } from '../config/resolve.ts';
import { DatabaseTelemetry } from '../runtime/telemetry/telemetry.ts';

/** Takes every batch and drops it; counts the spans so the bench can say they were made. */
class DroppingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}

export interface BenchSdk {
  /** Spans exported so far (after a flush). */
  exported(): Promise<number>;
  uninstall(): Promise<void>;
}

export function installBenchSdk(): BenchSdk {
  const exporter = new DroppingExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA), exportIntervalMillis: 10_000 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    async exported() {
      await tracerProvider.forceFlush();
      return exporter.exported;
    },
    async uninstall() {
      trace.disable();
      metrics.disable();
      context.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/**
 * What farm-db's telemetry adds to one transaction (its span, an insert's and a select's), in µs of
 * CPU, measured alone: the same loop with and without the telemetry, the difference per transaction.
 */
export async function telemetryCostPerTransaction(url: string): Promise<number> {
  const config = resolveDatabaseConfig({ type: 'postgresql', url }, { env: {} });
  const telemetry = new DatabaseTelemetry(api, { config, poolStats: () => ({ max: 20, size: 20, idle: 10, busy: 10, waiting: 0 }) });
  // As MikroORM logs them outside its debug mode (the bench's managers' own statements): with placeholders.
  const insert = { query: 'insert into "item" ("id", "name", "qty") values (?, ?, ?)', took: 1, affected: 1 };
  const select = { query: 'select "i0".* from "item" as "i0" where "i0"."id" = ? limit ?', took: 1, results: 1 };
  const work = async () => undefined;
  const loops = 50_000;
  const time = async (body: () => Promise<unknown>) => {
    for (let i = 0; i < loops; i++) await body(); // warm-up
    const started = process.cpuUsage();
    for (let i = 0; i < loops; i++) await body();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / loops;
  };
  const bare = await time(async () => {
    await work();
  });
  const traced = await time(() =>
    telemetry.transaction(async () => {
      await work();
      telemetry.record(insert);
      telemetry.record(select);
    }),
  );
  telemetry.close();
  return Math.max(0, traced - bare);
}

type Statement = { name: string; span: api.Attributes; metric: api.Attributes };

/**
 * The floor any instrumentation of these transactions pays to the SDK: raw MikroORM with the spans and points farm-db
 * emits (a transaction span, a span per query with the same attributes, db.client.operation.duration), written by hand
 * as an app would, with nothing else. Set against raw MikroORM, it is the SDK's own share.
 */
export function handInstrumented(url: string) {
  const { hostname, port, pathname } = new URL(url);
  const namespace = pathname.slice(1);
  const base = { 'db.system.name': 'postgresql', 'db.namespace': namespace, 'server.address': hostname, 'server.port': Number(port || 5432) };
  const statement = (operation: string, text: string): Statement => {
    const metric = Object.freeze({ ...base, 'db.operation.name': operation });
    return { name: `${operation} ${namespace}`, metric, span: Object.freeze({ ...metric, 'db.query.text': text }) };
  };
  const insert = statement('INSERT', 'insert into "item" ("id", "name", "qty") values (?, ?, ?)');
  const select = statement('SELECT', 'select "i0".* from "item" as "i0" where "i0"."id" = ? limit ?');
  const transaction = Object.freeze({ ...base, 'db.operation.name': 'TRANSACTION' });
  const tracer = trace.getTracer('bench-hand-made');
  // The metrics API has no proxy provider: the histogram is made on the provider registered now.
  let histogram: { provider: api.MeterProvider; instrument: api.Histogram } | undefined;
  const duration = () => {
    const provider = metrics.getMeterProvider();
    if (histogram?.provider !== provider) {
      const instrument = provider.getMeter('bench-hand-made').createHistogram('db.client.operation.duration', { unit: 's' });
      histogram = { provider, instrument };
    }
    return histogram.instrument;
  };
  const query = async <T>(which: Statement, run: () => Promise<T>, rows?: number): Promise<T> => {
    const started = Date.now();
    const span = tracer.startSpan(which.name, { kind: api.SpanKind.CLIENT, attributes: which.span });
    try {
      return await run();
    } finally {
      if (rows !== undefined) span.setAttribute('db.response.returned_rows', rows);
      span.end();
      duration().record((Date.now() - started) / 1000, which.metric);
    }
  };
  return {
    transaction: (run: () => Promise<void>): Promise<void> =>
      tracer.startActiveSpan(`TRANSACTION ${namespace}`, { kind: api.SpanKind.CLIENT, attributes: transaction }, span =>
        run().finally(() => span.end()),
      ),
    insert: <T>(run: () => Promise<T>) => query(insert, run),
    select: <T>(run: () => Promise<T>) => query(select, run, 1),
  };
}
