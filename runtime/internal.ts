// The runtime's entry for farm-db's own upper layers (migrations/, portability/): what they build on beyond the
// public entry (index.ts, `farm-db/runtime`). Not a package export: apps never need these.
export { FailedQueries } from './monitoring/failed-queries.ts';
export { MIGRATION_TABLES } from './migration-tables.ts';
export type { ProviderDescriptor, ProviderSession, ServerDigest } from './providers/index.ts';
export { readConsistently } from './providers/shared/transfer-consistent-read.ts';
export { changeMarker, serverDigestOf } from './providers/transfer-checks.ts';
export * from './providers/transfer.ts';
export type * from './migrations-backend.ts';
export { mongoDatabase } from './providers/mongodb/database.ts';
export { internalQuery } from './providers/shared/sql-session.ts';
export { MissingDriverPackageError } from './providers/shared/load-driver.ts';
