import { dirname, join } from 'node:path';
import { DefaultLogger, MikroORM, type EntityManager, type EntitySchema, type Options } from '@mikro-orm/core';
import { completePool, resolveDatabaseConfig, resolveFarmConfig } from '../config/resolve.ts';
import { loadConfig } from '../config/load-config.ts';
import type { DatabaseConfig, FarmConfig, ResolvedDatabaseConfig } from '../config/types.ts';
import { connectWithRetry } from './connect.ts';
import { FarmRuntimeError } from './errors.ts';
import { probeHealth, unavailableHealth, type HealthResponse } from './health.ts';
import { QueryMonitor } from './monitoring/index.ts';
import { consoleLogger, type FarmLogger } from './monitoring/logger.ts';
import { MonitoringOrmLogger } from './monitoring/orm-logger.ts';
import { FailedQueries } from './monitoring/failed-queries.ts';
import { getProvider, type DatabaseProvider, type ProviderSession } from './providers/index.ts';
import { openReplicas, replicaOrmOptions } from './replicas/open.ts';
import type { ReplicaSet, ReplicaStatus } from './replicas/replica-set.ts';
import { withReplicaHealth } from './replicas/health.ts';
import type { DatabaseManagerOptions, Model, ProjectConfigSource } from './manager-options.ts';
import { offlineSession } from './offline-session.ts';
import { TransactionRunner, type TransactionOptions } from './transactions.ts';
import { openTelemetry, type DatabaseTelemetry } from './telemetry/telemetry.ts';
import { FastLanes, type FastLane, type FastLaneDatabase } from './fast-lane.ts';
import { AlertEvaluator } from './alerts.ts';
import { ALERT_DEFAULTS } from '../config/resolve-monitoring.ts';
import type { DashboardHandler, DashboardOptions } from './dashboard-source.ts';
import { MIGRATION_TABLES } from './migration-tables.ts';
import { TRANSFER_PROGRESS_TABLE, type TransferSource, type TransferTarget } from './providers/transfer.ts';
import { findTransferSource } from './providers/shared/find-transfer-source.ts';
import type { MigrateUpOptions, MigrationHistoryEntry, MigrationsBackend } from './migrations-backend.ts';
import type { SeedOptions, SeedRun } from './seed.ts';

export type { DatabaseManagerOptions, Model, ProjectConfigSource } from './manager-options.ts';

/** The fast lane's database type once `M` is registered too (the untyped default `any` is replaced, not widened). */
type WithModels<DB, M> = 0 extends 1 & DB ? FastLaneDatabase<M> : DB & FastLaneDatabase<M>;

type State = 'new' | 'initializing' | 'ready' | 'shutting-down' | 'closed';

/**
 * The app's one entry to its database: register models, initialize, run transactions,
 * report health, shut down. Works the same on every provider. `DB` types `db.kysely`
 * (registerModels([...]) infers it from the models).
 */
// biome-ignore lint: untyped fast lane unless the models are known.
export class DatabaseManager<DB = any> {
  #config: FarmConfig | DatabaseConfig | ProjectConfigSource;
  readonly #options: DatabaseManagerOptions;
  readonly #logger: FarmLogger;
  readonly #models = new Map<string, Model>();
  readonly #transactions = new TransactionRunner();
  readonly #fastLanes = new FastLanes();
  #state: State = 'new';
  #resolved?: ResolvedDatabaseConfig;
  #provider?: DatabaseProvider;
  #orm?: MikroORM;
  #session?: ProviderSession;
  // Made once per session: a transfer target may hold prepared statements and a connection of its own.
  #transferTarget?: TransferTarget;
  #transferSource?: TransferSource;
  #monitor?: QueryMonitor;
  #alerts?: AlertEvaluator;
  #replicas?: ReplicaSet;
  /** Only when @opentelemetry/api is installed. */
  #telemetry?: DatabaseTelemetry;
  #initializing?: Promise<void>;
  #shutdown?: Promise<void>;
  #migrations?: Promise<MigrationsBackend>;
  #healthProbe?: Promise<HealthResponse>;
  readonly #failedQueries = new FailedQueries();

  /** Reads farm.config.ts (and .env) from `cwd` or its parents. */
  static async fromProject(cwd?: string, options: Omit<DatabaseManagerOptions, 'baseDir' | 'configFile'> = {}): Promise<DatabaseManager> {
    const loaded = await loadConfig({ cwd, env: options.env });
    return new DatabaseManager(loaded.config, { ...options, baseDir: loaded.root, configFile: loaded.file });
  }

  /**
   * `config` is a farm config, its database block, or `{ configFrom: dir }` to find and load
   * farm.config.ts (and its .env) when initialize() runs: what generated apps use, so the app
   * never imports the config file into its own compilation.
   */
  constructor(config: FarmConfig | DatabaseConfig | ProjectConfigSource, options: DatabaseManagerOptions = {}) {
    this.#config = config;
    this.#options = { ...options };
    this.#logger = options.logger ?? consoleLogger;
  }

  /** Adds a model; only before initialize(). Registering the same model twice is a no-op. */
  registerModel(model: Model): this {
    const name = modelName(model);
    if (this.#state !== 'new') {
      throw new FarmRuntimeError(`cannot register model ${name}: the database is already ${this.#state === 'ready' ? 'initialized' : this.#state}`, {
        hint: 'register every model before calling db.initialize() (database/connection.ts does this for generated apps)',
      });
    }
    const existing = this.#models.get(name);
    if (existing && existing !== model) {
      throw new FarmRuntimeError(`two different models are named ${name}`, { hint: 'give each model a unique name' });
    }
    this.#models.set(name, model);
    return this;
  }

  registerModels<const M extends readonly Model[]>(models: M): DatabaseManager<WithModels<DB, M[number]>>;
  registerModels(models: Iterable<Model>): this;
  // biome-ignore lint: the overloads above give the precise types.
  registerModels(models: Iterable<Model>): DatabaseManager<any> {
    for (const model of models) this.registerModel(model);
    return this;
  }

  get modelNames(): string[] {
    return [...this.#models.keys()];
  }

  get isReady(): boolean {
    return this.#state === 'ready';
  }

  /** The resolved configuration (available once initialize() has started). */
  get config(): ResolvedDatabaseConfig {
    return this.#resolved ?? this.#resolve();
  }

  /** Connects, discovers the models and prepares the schema. Safe to call twice, or concurrently. */
  initialize(): Promise<void> {
    if (this.#state === 'ready') return Promise.resolve();
    if (this.#state === 'shutting-down' || this.#state === 'closed') return Promise.reject(this.#shutDownError('initialize'));
    this.#initializing ??= this.#initialize().finally(() => {
      this.#initializing = undefined;
    });
    return this.#initializing;
  }

  async #initialize(): Promise<void> {
    this.#state = 'initializing';
    try {
      await this.#start();
      if (this.#state !== 'initializing') throw this.#shutDownError('initialize'); // shut down meanwhile
      this.#state = 'ready';
    } catch (error) {
      await this.#orm?.close(true).catch(() => undefined);
      this.#monitor?.stop();
      this.#replicas?.stop();
      this.#orm = undefined;
      if (this.#state === 'initializing') this.#state = 'new';
      throw error;
    }
  }

  async #start(): Promise<void> {
    if (isProjectSource(this.#config)) {
      this.#options.migrationsDir ??= join(this.#config.configFrom, 'migrations');
      const loaded = await loadConfig({ cwd: this.#config.configFrom, env: this.#options.env });
      this.#config = loaded.config;
      this.#options.baseDir ??= loaded.root;
      this.#options.configFile = loaded.file;
    }
    const config = this.#resolve();
    const provider = (this.#provider = getProvider(config.type));
    const pool = completePool(config.pool, provider.descriptor.pool, this.#options.configFile, provider.descriptor);
    const monitor = new QueryMonitor({
      slowQueryMs: config.slowQueryMs,
      snapshotIntervalMs: config.monitoring.snapshotIntervalMs,
      snapshotBufferSize: config.monitoring.snapshotBufferSize,
      logger: this.#logger,
      poolStats: () => this.#session?.poolStats() ?? null,
      dialect: config.type,
    });
    this.#monitor = monitor;
    const poolStats = () => this.#session?.poolStats() ?? null;
    const telemetry = (this.#telemetry = this.#options.telemetry === false ? undefined : await openTelemetry({ config, poolStats }));
    // OpenTelemetry sees what the monitor sees (every path that reports to it), or the queries directly when monitoring is off.
    if (config.monitoring.enabled) monitor.tap = telemetry;
    const observer = config.monitoring.enabled ? monitor : telemetry;
    const providerOptions = await provider.ormOptions({ config, pool, baseDir: this.#options.baseDir ?? process.cwd() });
    const options: Partial<Options> = {
      ...providerOptions,
      ...replicaOrmOptions(config.replicas, providerOptions),
      entities: [...this.#models.values()],
      discovery: {
        warnWhenNoEntities: false,
        onMetadata: meta => provider.adaptMetadata?.(meta),
      },
      ensureDatabase: false,
      allowGlobalContext: false,
      migrations: { tableName: MIGRATION_TABLES.applied },
      schemaGenerator: { skipTables: [MIGRATION_TABLES.history, MIGRATION_TABLES.checksums, MIGRATION_TABLES.progress, TRANSFER_PROGRESS_TABLE] },
      loggerFactory: loggerOptions =>
        new MonitoringOrmLogger(new DefaultLogger(loggerOptions), observer, this.#logger, sql => this.#failedQueries.record(sql)),
    };
    this.#orm = await MikroORM.init(options);
    telemetry?.start(this.#orm);
    if (this.#options.offline) return;
    const label = provider.descriptor.label;
    await connectWithRetry(this.#orm, config.retry, { label, target: provider.target(config), logger: this.#logger });
    this.#session = await provider.attach(this.#orm);
    this.#replicas = await openReplicas(this.#orm, config, { logger: this.#logger, timeoutMs: this.#options.healthTimeoutMs ?? 5000 });
    const mode = process.env.NODE_ENV === 'production' ? 'none' : (this.#options.schema ?? config.schema);
    await this.#session.prepareSchema(mode);
    if (config.monitoring.enabled) monitor.start();
    this.#alerts = new AlertEvaluator(config.monitoring.alerts ?? ALERT_DEFAULTS, monitor, () => this.healthCheck(), this.#logger);
    if (config.monitoring.enabled && config.monitoring.alerts) this.#alerts.hold(); // released by shutdown's stop()
  }

  /** The MikroORM instance, for anything farm-db does not wrap. */
  get orm(): MikroORM {
    this.#assertReady('orm');
    return this.#orm!;
  }

  /** The EntityManager of the current transaction, or a fresh fork outside one. */
  get em(): EntityManager {
    return this.#transactions.current() ?? this.orm.em.fork();
  }

  /**
   * The fast lane (SQL only): MikroORM's Kysely on the same pool, without the unit of work. Inside
   * db.transaction() it is that transaction's (same connection; rolled back with it), elsewhere the
   * pool's; Kysely's own transactions are refused so none runs outside farm-db's. Monitored like the ORM.
   */
  get kysely(): FastLane<DB> {
    this.#assertReady('kysely');
    return this.#fastLanes.for(this.#transactions.current() ?? this.#orm!.em) as FastLane<DB>;
  }

  get monitor(): QueryMonitor {
    if (!this.#monitor) throw new FarmRuntimeError('the monitor exists once initialize() has run', { hint: 'await db.initialize() first' });
    return this.#monitor;
  }

  /** Alert thresholds and the alerts raised now (evaluated when `monitoring.alerts` is set, or while a dashboard runs). */
  get alerts(): AlertEvaluator {
    this.#assertReady('alerts');
    return this.#alerts!;
  }

  /**
   * The live dashboard as a request handler for node:http, Express (`app.use('/_db', handler)`)
   * or Fastify (see README): HTML page, server-sent events, /metrics for Prometheus.
   */
  async dashboard(options: DashboardOptions = {}): Promise<DashboardHandler> {
    this.#assertReady('dashboard');
    // Loaded on demand: the dashboard is a layer above the runtime (farm-db/dashboard), reading it through DashboardSource.
    const { createDashboardHandler } = await import('../dashboard/handler.ts');
    return createDashboardHandler(this, { token: this.#resolved?.monitoring.dashboardToken ?? undefined, ...options });
  }

  /**
   * Runs `fn` in a transaction: commits (after flushing) when it returns, rolls back and
   * rethrows when it throws. Inside another transaction it uses a savepoint by default
   * or joins the outer one with `{ nested: 'join' }`.
   */
  async transaction<T>(fn: (em: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    this.#assertReady('transaction');
    const run = () => this.#transactions.run(this.#orm!.em, fn, options);
    return this.#telemetry ? this.#telemetry.transaction(run) : run();
  }

  /**
   * Runs every later `db.em` and `db.transaction()` inside `em`'s open transaction (theirs become
   * savepoints) until called with undefined. For `farm-db/testing`'s rollbackEach, not for apps.
   */
  pinTransaction(em: EntityManager | undefined): void {
    if (em) this.#assertReady('pinTransaction');
    this.#transactions.pin(em);
  }

  /** Never throws: an unreachable database is a `fail` response with the reason. */
  async healthCheck(): Promise<HealthResponse> {
    const type = this.#provider?.descriptor.type ?? 'database';
    const label = this.#provider?.descriptor.label ?? 'Database';
    if (this.#state !== 'ready' || !this.#orm || !this.#session) {
      const why = this.#state === 'new' || this.#state === 'initializing' ? 'not initialized' : 'shut down';
      return unavailableHealth(type, label, `the database connection is ${why}`);
    }
    const orm = this.#orm;
    const replicas = this.#replicas;
    // Callers at the same moment (a readiness probe, the alerts, a dashboard) share one probe.
    this.#healthProbe ??= Promise.all([probeHealth(
      {
        componentId: type,
        label,
        session: this.#session,
        ping: async () => {
          const check = await orm.checkConnection();
          if (!check.ok) throw check.error ?? new Error(check.reason);
        },
      },
      this.#options.healthTimeoutMs ?? 5000,
    ), replicas?.probe() ?? []])
      .then(([health, replicaStatus]) => withReplicaHealth(health, replicaStatus))
      .finally(() => (this.#healthProbe = undefined));
    return this.#healthProbe;
  }

  /** How each read replica is doing (empty without `database.replicas`); healthCheck() probes them afresh. */
  get replicas(): ReplicaStatus[] {
    return this.#replicas?.status() ?? [];
  }

  /** The app's migrations (SQL files, or JSON on MongoDB): create, apply, roll back, inspect. */
  migrations(): Promise<MigrationsBackend> {
    this.#assertReady('migrations');
    // Loaded on demand: migrations/ is a layer above the runtime, built on its provider session and MigrationsBackend.
    this.#migrations ??= import('../migrations/open.ts').then(({ openMigrations }) =>
      openMigrations(this.#orm!, {
        descriptor: this.#provider!.descriptor,
        session: this.#session ?? offlineSession(),
        dir: this.#options.migrationsDir ?? join(this.#options.baseDir ?? process.cwd(), 'migrations'),
        failedQueries: this.#failedQueries,
      }),
    ).then(backend => this.#onPrimary(backend));
    return this.#migrations;
  }

  /** Bulk loading into this database (imports and provider switches use it). */
  transferTarget(): TransferTarget {
    this.#assertReady('transferTarget');
    return (this.#transferTarget ??= this.#onPrimary(this.#session!.transfer()));
  }

  /** Reading for transfers (exports, provider switches, verification): exact on every database. */
  transferSource(): TransferSource {
    this.#assertReady('transferSource');
    return (this.#transferSource ??= this.#onPrimary(this.#session!.transferSource?.() ?? findTransferSource(this.orm)));
  }

  /** Applies pending migrations (all, or up to `to`); returns the names applied. Safe to run from several processes at once. */
  async migrate(options: MigrateUpOptions = {}): Promise<string[]> {
    return (await this.migrations()).up(options);
  }

  /**
   * Runs the seed files (`seeds/` beside the migrations folder: src/database/seeds in generated apps)
   * in file-name order, one transaction each; `only`, `fresh` (refused in production unless `force`).
   */
  async seed(options: SeedOptions = {}): Promise<SeedRun[]> {
    this.#assertReady('seed');
    const { runSeeds } = await import('./seed.ts');
    const migrationsDir = this.#options.migrationsDir;
    const baseDir = this.#options.baseDir ?? process.cwd();
    const dir = options.dir ?? (migrationsDir ? join(dirname(migrationsDir), 'seeds') : join(baseDir, 'src', 'database', 'seeds'));
    return runSeeds(this, dir, options);
  }

  /** Every migration run, oldest first: name, direction, applied at, duration, host (and error for a failed run). */
  async migrationHistory(): Promise<MigrationHistoryEntry[]> {
    return (await this.migrations()).history();
  }

  /**
   * Stops taking work, waits up to `shutdownTimeoutMs` for running transactions,
   * then closes the pool. Calling it again returns the same promise.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#close();
    return this.#shutdown;
  }

  async #close(): Promise<void> {
    const wasReady = this.#state === 'ready';
    this.#state = 'shutting-down';
    // A running initialize() sees the new state when it finishes and closes what it opened.
    await this.#initializing?.catch(() => undefined);
    this.#monitor?.stop();
    this.#alerts?.stop();
    this.#replicas?.stop();
    if (wasReady && this.#orm) {
      const timeout = this.#resolved!.shutdownTimeoutMs;
      const drained = await this.#transactions.drain(timeout);
      if (!drained) {
        this.#logger.warn(
          { event: 'shutdown_timeout', inFlight: this.#transactions.inFlight, timeoutMs: timeout },
          `closing with ${this.#transactions.inFlight} transaction(s) still running after ${timeout} ms`,
        );
      }
      if (!drained) await this.#session?.interrupt?.();
      await this.#orm.close(!drained);
    }
    this.#telemetry?.close();
    this.#state = 'closed';
  }

  #resolve(): ResolvedDatabaseConfig {
    const config = this.#config;
    if (isProjectSource(config)) {
      throw new FarmRuntimeError('the configuration is read from farm.config.ts when initialize() runs', { hint: 'await db.initialize() first' });
    }
    const where = { file: this.#options.configFile, env: this.#options.env ?? process.env };
    this.#resolved ??= 'database' in config ? resolveFarmConfig(config, where) : resolveDatabaseConfig(config, where);
    return this.#resolved;
  }

  /** farm-db's own readers (migrations, transfers) read the primary: a replica may lag behind. */
  #onPrimary<T extends object>(target: T): T {
    return this.#replicas ? this.#replicas.onPrimary(target) : target;
  }

  #assertUsable(action: string): void {
    if (this.#state === 'shutting-down' || this.#state === 'closed') throw this.#shutDownError(action);
  }

  #shutDownError(action: string): FarmRuntimeError {
    return new FarmRuntimeError(`cannot ${action}: the database manager has been shut down`, {
      hint: 'create a new DatabaseManager to connect again',
    });
  }

  #assertReady(action: string): void {
    this.#assertUsable(action);
    if (this.#state !== 'ready') {
      throw new FarmRuntimeError(`cannot use ${action} before initialize() has finished`, { hint: 'await db.initialize() first' });
    }
  }
}

function isProjectSource(config: object): config is ProjectConfigSource {
  return typeof (config as ProjectConfigSource).configFrom === 'string';
}

function modelName(model: Model): string {
  const schema = model as EntitySchema;
  return schema.meta?.className ?? schema.name ?? (model as { name?: string }).name ?? 'anonymous model';
}
