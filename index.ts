// The `farm-db` entry: what farm.config.ts and tooling import.
export * from './config/index.ts';
export { DATABASE_TYPES, PROVIDER_DESCRIPTORS, type DatabaseType } from './databases/index.ts';
