/**
 * `farm-db/migrations`: what migration files import, and the types of the migrations API.
 * Generated SQL migrations extend `Migration`; MongoDB migrations are JSON (see schema.json).
 */
export { Migration } from '@mikro-orm/migrations';
export { MigrationError } from './errors.ts';
export { MIGRATION_TABLES } from '../runtime/internal.ts';
export type * from '../runtime/internal.ts';
export * from './lint/index.ts';
