/** The last statement that failed on this ORM: migrations run one at a time, under a lock. */
export class FailedQueries {
  #last: string | undefined;
  record(sql: string): void {
    this.#last = sql;
  }
  last(): string | undefined {
    return this.#last;
  }
  clear(): void {
    this.#last = undefined;
  }
}

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
