/**
 * The tables (collections on MongoDB) farm-db keeps for migrations. The schema generator
 * skips them, so `schema: 'update'` and drift checks never offer to drop them.
 */
export const MIGRATION_TABLES = {
  /** Applied migrations, one row each (MikroORM's migrator storage on SQL). */
  applied: 'farm_migrations',
  /** Every run of every migration, up or down, with timing and host. */
  history: 'farm_migration_history',
  /** SQL: the checksum of each applied migration's file, to find one edited or renamed after it ran. */
  checksums: 'farm_migration_checksums',
  /** SQL on MySQL/MariaDB: how far a migration got, so a re-run after a crash resumes it. */
  progress: 'farm_migration_progress',
  /** MongoDB's lease document. */
  lock: 'farm_migration_lock',
} as const;
