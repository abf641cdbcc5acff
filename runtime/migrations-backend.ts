/** What `farm db migrate` and `db.migrate()` work with, on every provider. */

export interface MigrationStatus {
  name: string;
  applied: boolean;
  /** When it was applied (absent while pending). */
  appliedAt?: Date;
}

export interface MigrationHistoryEntry {
  name: string;
  direction: 'up' | 'down';
  appliedAt: Date;
  durationMs: number;
  host: string;
  /** Why the run failed; absent for a run that succeeded. */
  error?: string;
}

export interface CreatedMigration {
  /** Path of the new file, relative to the migrations folder. */
  file: string;
  up: string[];
  down: string[];
}

export interface MigrateUpOptions {
  /** Apply up to and including this migration. */
  to?: string;
}

export interface MigrateDownOptions {
  /** Roll back every migration applied after this one ('0': all of them). */
  to?: string;
  /** Roll back this many (default 1). */
  steps?: number;
}

/** The statements (or operations) one migration would run. */
export interface MigrationPreview {
  name: string;
  statements: string[];
}

/** One provider family's migrations: SQL files on MikroORM's migrator, or MongoDB's JSON files. */
export interface MigrationsBackend {
  /** A migration from the difference between the models and the last snapshot; null when there is none. */
  create(options: { name?: string; blank?: boolean }): Promise<CreatedMigration | null>;
  up(options?: MigrateUpOptions): Promise<string[]>;
  down(options?: MigrateDownOptions): Promise<string[]>;
  status(): Promise<MigrationStatus[]>;
  /**
   * What up/down would run, without running it. `offline`: without asking the database which are
   * applied, every migration's up (to `to`), from the files alone (Alembic's offline mode).
   */
  preview(direction: 'up' | 'down', options?: MigrateUpOptions & MigrateDownOptions & { offline?: boolean }): Promise<MigrationPreview[]>;
  /** Statements that would bring the database in line with the models; empty when in sync. */
  drift(): Promise<string[]>;
  history(): Promise<MigrationHistoryEntry[]>;
  /**
   * After a provider switch (the schema was made from the models): writes a blank baseline
   * migration, takes a new snapshot of the models for this provider, and records every migration
   * file as applied without running it. Returns the baseline's file name.
   */
  baseline(name: string): Promise<string>;
}
