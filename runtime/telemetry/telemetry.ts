import type { LogContext, MikroORM } from '@mikro-orm/core';
import type { Attributes, Span } from '@opentelemetry/api';
import type { ResolvedDatabaseConfig } from '../../config/types.ts';
import type { QueryObserver } from '../monitoring/orm-logger.ts';
import { redactSql } from '../monitoring/redact-sql.ts';
import type { PoolStats } from '../providers/provider.ts';
import { captureQueryErrors, QUERY_ERROR } from './capture-errors.ts';
import { connectionAttributes, replicaServer, type ConnectionAttributes } from './connection-attributes.ts';
import { loadOpenTelemetryApi, type OtelApi } from './load-api.ts';
import { MeterSource } from './meter-source.ts';
import { StatementCache } from './statement-cache.ts';
import { TracerSource } from './tracer-source.ts';

export interface TelemetryOptions {
  config: ResolvedDatabaseConfig;
  poolStats: () => PoolStats | null;
}

/** The telemetry of one manager when `@opentelemetry/api` is installed; undefined (nothing to do, ever) when it is not. */
export async function openTelemetry(options: TelemetryOptions): Promise<DatabaseTelemetry | undefined> {
  const api = await loadOpenTelemetryApi();
  return api ? new DatabaseTelemetry(api, options) : undefined;
}

/**
 * Emits what the monitor sees the way OpenTelemetry collects it: a CLIENT span per query and
 * per db.transaction() (database semantic conventions, query text redacted as in the slow-query
 * log), db.client.operation.duration and the pool's db.client.connection.* metrics. Every entry
 * point first asks whether an SDK is registered; while none is, it returns at once.
 */
export class DatabaseTelemetry implements QueryObserver {
  readonly #api: OtelApi;
  readonly #dialect: ResolvedDatabaseConfig['type'];
  readonly #attributes: ConnectionAttributes;
  readonly #tracers: TracerSource;
  readonly #meters: MeterSource;
  readonly #transactionName: string;
  readonly #transactionAttributes: Attributes;
  readonly #primary: StatementCache;
  /** Per replica connection name: its statements, whose attributes name the replica's server.address and port. */
  readonly #replicas = new Map<string, StatementCache>();

  constructor(api: OtelApi, options: TelemetryOptions) {
    this.#api = api;
    this.#dialect = options.config.type;
    this.#attributes = connectionAttributes(options.config);
    this.#tracers = new TracerSource(api);
    this.#meters = new MeterSource(api, this.#attributes, options.poolStats);
    this.#primary = new StatementCache(this.#attributes, this.#dialect);
    this.#transactionName = `TRANSACTION ${this.#attributes['db.namespace'] ?? this.#attributes['db.system.name']}`;
    this.#transactionAttributes = Object.freeze({ ...this.#attributes, 'db.operation.name': 'TRANSACTION' });
  }

  /** Makes the metrics' instruments now if a meter provider is registered, so the pool is observed before any query. */
  start(orm: MikroORM): void {
    this.#meters.current();
    captureQueryErrors(orm, () => this.#tracers.current() !== undefined || this.#meters.current() !== undefined);
  }

  /** One logged query: its span (ended now, started `took` ms ago) and its duration. */
  record(context: LogContext): void {
    // farm-db's own health queries stay out, as in the monitor; untimed statements (begin, commit) are the transaction span's.
    if (context.farmInternal || context.query === undefined || context.took === undefined) return;
    const tracer = this.#tracers.current();
    const instruments = this.#meters.current();
    if (!tracer && !instruments) return;
    const statement = this.#statements(context).get(context.query);
    const failed = context.level === 'error';
    // MikroORM's queries carry it under QUERY_ERROR; another path reporting to the monitor may put it on `error`.
    const error = failed ? ((context[QUERY_ERROR as unknown as string] ?? context.error) as unknown) : undefined;
    const failure = failed ? errorAttributes(error) : undefined;
    const end = Date.now();
    if (tracer) {
      const attributes = failure ? { ...statement.spanAttributes(), ...failure } : statement.spanAttributes();
      const span = tracer.startSpan(
        statement.spanName,
        { kind: this.#api.SpanKind.CLIENT, startTime: end - context.took, attributes },
        this.#api.context.active(),
      );
      if (span.isRecording()) {
        if (typeof context.results === 'number') span.setAttribute('db.response.returned_rows', context.results);
        if (failed) this.#recordError(span, error);
      }
      span.end(end);
    }
    instruments?.duration.record(context.took / 1000, failure ? { ...statement.attributes, ...failure } : statement.attributes);
  }

  /** Runs `run` (a db.transaction()) inside a span of its own: the active span of every query it makes. */
  transaction<T>(run: () => Promise<T>): Promise<T> {
    const tracer = this.#tracers.current();
    if (!tracer) return run();
    const { context, trace } = this.#api;
    const span = tracer.startSpan(
      this.#transactionName,
      { kind: this.#api.SpanKind.CLIENT, attributes: this.#transactionAttributes },
      context.active(),
    );
    const failed = (error: unknown): never => {
      if (span.isRecording()) {
        span.setAttributes(errorAttributes(error));
        this.#recordError(span, error);
      }
      span.end();
      throw error;
    };
    // The span ends in the promise's own callbacks: no async wrapper (and its extra promises) around every transaction.
    let running: Promise<T>;
    try {
      running = context.with(trace.setSpan(context.active(), span), run);
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(value => {
      span.end();
      return value;
    }, failed);
  }

  close(): void {
    this.#meters.close();
  }

  /** The statements of the primary, or of a read replica (its own server.address and port) when MikroORM ran the query there. */
  #statements(context: LogContext): StatementCache {
    const connection = context.connection;
    if (connection?.type !== 'read' || !connection.name) return this.#primary;
    let statements = this.#replicas.get(connection.name);
    if (!statements) {
      const server = replicaServer(connection.name, this.#attributes['server.port']);
      statements = server ? new StatementCache({ ...this.#attributes, ...server }, this.#dialect) : this.#primary;
      this.#replicas.set(connection.name, statements);
    }
    return statements;
  }

  /** Status ERROR and an exception event; the message is redacted too, since MikroORM's carries the failed SQL. */
  #recordError(span: Span, error: unknown): void {
    if (!(error instanceof Error)) {
      span.setStatus({ code: this.#api.SpanStatusCode.ERROR });
      return;
    }
    const message = redactSql(error.message, this.#dialect);
    const stack = error.stack?.replace(error.message, message);
    span.recordException({ name: error.name, message, ...(stack ? { stack } : {}) });
    span.setStatus({ code: this.#api.SpanStatusCode.ERROR, message });
  }
}

/** error.type (the error's class, `_OTHER` when unknown) and the driver's code as db.response.status_code. */
function errorAttributes(error: unknown): Attributes {
  const attributes: Attributes = { 'error.type': error instanceof Error ? error.constructor.name : '_OTHER' };
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' || typeof code === 'number') attributes['db.response.status_code'] = String(code);
  return attributes;
}
