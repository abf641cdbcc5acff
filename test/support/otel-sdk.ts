/**
 * The OpenTelemetry SDK as an app registers it, exporting into memory: spans as each ends,
 * metrics when collect() is called. install() makes it the global SDK; uninstall() removes it,
 * so the test files that run after (in the same process) see no SDK.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

export interface InMemorySdk {
  /** The spans ended since the last reset, oldest first. */
  spans(): ReadableSpan[];
  /** Collects now and returns the metric named `name` (cumulative since install), if it has points. */
  metric(name: string): Promise<MetricData | undefined>;
  reset(): void;
  uninstall(): Promise<void>;
}

export function installInMemorySdk(): InMemorySdk {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: () => spanExporter.getFinishedSpans(),
    async metric(name) {
      metricExporter.reset();
      await reader.forceFlush();
      const collected = metricExporter.getMetrics().flatMap(resource => resource.scopeMetrics.flatMap(scope => scope.metrics));
      return collected.find(data => data.descriptor.name === name);
    },
    reset: () => spanExporter.reset(),
    async uninstall() {
      trace.disable();
      metrics.disable();
      context.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
