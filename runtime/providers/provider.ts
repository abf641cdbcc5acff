import type { EntityMetadata, EntityProperty, MikroORM, Options } from '@mikro-orm/core';
import type { PoolConfig, ResolvedDatabaseConfig } from '../../config/types.ts';
import type { ProviderDescriptor } from '../../databases/index.ts';
import type { TransferSource, TransferTarget } from './transfer.ts';

/** Connection pool state read from the driver's own pool object. */
export interface PoolStats {
  max: number;
  /** Connections open now, busy or idle. */
  size: number;
  idle: number;
  busy: number;
  /** Callers queued for a connection. */
  waiting: number;
}

/** Connections as the server counts them (all clients, not only this process). */
export interface ServerConnections {
  current: number;
  max: number | null;
}

export interface ProviderOptionsContext {
  config: ResolvedDatabaseConfig;
  pool: Required<PoolConfig>;
  /** The project root: relative file paths (SQLite) resolve against it. */
  baseDir: string;
}

/**
 * Everything that differs between databases lives behind this interface, so the
 * manager, the monitor and the CLI can ask instead of branching on the type.
 */
export interface DatabaseProvider {
  readonly descriptor: ProviderDescriptor;
  /** MikroORM options for driver, connection and pool (the manager adds entities and logging). */
  ormOptions(context: ProviderOptionsContext): Promise<Partial<Options>>;
  /** Where it connects, for messages: host:port or a file. Never contains a password. */
  target(config: ResolvedDatabaseConfig): string;
  /** Adapts provider-neutral model metadata to this database during discovery. */
  adaptMetadata?(meta: EntityMetadata): void;
  /** Called once the ORM has connected: captures the driver's pool and answers health questions. */
  attach(orm: MikroORM): Promise<ProviderSession>;
  /**
   * A token that changes when anything is committed to these models' tables, where the database can
   * tell cheaply (see transfer-checks.ts); absent where it cannot, and the switch reads the source again.
   */
  changeMarker?(orm: MikroORM, models: EntityMetadata[]): Promise<string | undefined>;
  /**
   * Where the database can digest a model's rows itself, the query that does (see postgresql/server-digest.ts):
   * `props` in the order their values are hashed. Undefined for a model it cannot render exactly.
   */
  serverDigest?(orm: MikroORM, meta: EntityMetadata, props: EntityProperty[]): (() => Promise<ServerDigest>) | undefined;
}

/**
 * A model's rows as the database digested them: their count, and the sum (an integer congruent mod 2^64) of
 * each row's `hashtextextended(line, 0)` over the line a switch hashes (portability/transfer-digest.ts, RecordHash
 * 'lookup3').
 */
export interface ServerDigest {
  count: number;
  sum: bigint;
}

export interface ProviderSession {
  poolStats(): PoolStats | null;
  serverVersion(): Promise<string>;
  /** null where the idea does not apply (SQLite). */
  serverConnections(): Promise<ServerConnections | null>;
  /** Start-up schema work: indexes (MongoDB) and, with mode 'update', syncing tables to models. */
  prepareSchema(mode: ResolvedDatabaseConfig['schema']): Promise<void>;
  /**
   * Cuts the connections still lent out, for a shutdown that has stopped waiting. Only
   * where closing the pool would otherwise wait for them (pg-pool's end() does).
   */
  interrupt?(): Promise<void>;
  /**
   * Makes this process the only one migrating until the migration transaction `ctx` ends (or the
   * returned release runs). A holder that dies loses the lock with its connection.
   */
  lockMigrations(ctx: unknown): Promise<() => Promise<void>>;
  /** Bulk loading into this database, for imports and provider switches. */
  transfer(): TransferTarget;
  /** Reading for transfers, where MikroORM's usual reads are not exact (see TransferSource). */
  transferSource?(): TransferSource;
}
