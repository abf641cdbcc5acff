// `farm-db/testing`: a database per test worker and a transaction per test.
export { createTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from './create-test-database.ts';
export { rollbackEach, type RollbackEach, type EachHooks } from './rollback-each.ts';
export { defineFactory, type Factory } from '../runtime/index.ts';
