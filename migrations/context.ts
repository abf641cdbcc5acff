import type { FailedQueries } from '../runtime/internal.ts';

/** What a migrations backend needs from the DatabaseManager and its provider. */
export interface MigrationContext {
  /** Absolute path of the migrations folder. */
  dir: string;
  /** The provider's migration lock (see ProviderSession.lockMigrations). */
  lock(ctx: unknown): Promise<() => Promise<void>>;
  failedQueries: FailedQueries;
  /** What a failed run leaves behind on this database, for the error message. */
  afterFailure: string;
  /** Whether DDL runs inside a transaction (false on MySQL/MariaDB: each statement's progress is recorded). */
  transactionalDdl: boolean;
}
