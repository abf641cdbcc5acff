import type { LogContext, Logger, LoggerNamespace } from '@mikro-orm/core';
import type { FarmLogger } from './logger.ts';

export interface QueryObserver {
  record(context: LogContext): void;
}

/**
 * The logger MikroORM is given. Every executed query reaches `logQuery` with its timing
 * (took, results, affected) whatever the debug setting, so this is where the monitor listens.
 * Everything else goes to MikroORM's own logger; its warnings and errors also reach the app's.
 */
export class MonitoringOrmLogger implements Logger {
  readonly #inner: Logger;
  readonly #observer: QueryObserver | undefined;
  readonly #appLogger: FarmLogger;
  readonly #onFailedQuery: ((sql: string) => void) | undefined;

  constructor(inner: Logger, observer: QueryObserver | undefined, appLogger: FarmLogger, onFailedQuery?: (sql: string) => void) {
    this.#inner = inner;
    this.#observer = observer;
    this.#appLogger = appLogger;
    this.#onFailedQuery = onFailedQuery;
  }

  logQuery(context: LogContext): void {
    this.#observer?.record(context);
    // Failed statements are named in migration errors.
    if (context.level === 'error' && typeof context.query === 'string') this.#onFailedQuery?.(context.query);
    this.#inner.logQuery(context);
  }

  log(namespace: LoggerNamespace | (string & {}), message: string, context?: LogContext): void {
    this.#inner.log(namespace, message, context);
  }

  warn(namespace: LoggerNamespace | (string & {}), message: string, context?: LogContext): void {
    this.#appLogger.warn({ namespace }, message);
    this.#inner.warn(namespace, message, context);
  }

  error(namespace: LoggerNamespace | (string & {}), message: string, context?: LogContext): void {
    (this.#appLogger.error ?? this.#appLogger.warn)({ namespace }, message);
    this.#inner.error(namespace, message, context);
  }

  setDebugMode(debugMode: boolean | LoggerNamespace[]): void {
    this.#inner.setDebugMode(debugMode);
  }

  isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    return this.#inner.isEnabled(namespace, context);
  }
}
