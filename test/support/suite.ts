import { suite, type Test } from 'uvu';
import type { DatabaseConfig } from '../../config/types.ts';
import { DatabaseManager } from '../../runtime/manager.ts';
import { captureLogger } from './capture-logger.ts';
import type { TestDatabase, TestTarget } from './databases.ts';
import { MODELS } from './models.ts';

export interface DatabaseContext {
  database: TestDatabase;
  db: DatabaseManager;
  logger: ReturnType<typeof captureLogger>;
}

/**
 * A uvu suite whose every test gets a fresh database on `target` and an initialized
 * DatabaseManager with the shared models; both are shut down and dropped afterwards.
 */
export function databaseSuite(title: string, target: TestTarget, overrides: Partial<DatabaseConfig> = {}): Test<DatabaseContext> {
  const s = suite<DatabaseContext>(`${title} [${target.name}]`, {} as DatabaseContext);
  s.before.each(async context => {
    context.database = await target.create({ retry: { attempts: 1 }, ...overrides });
    context.logger = captureLogger();
    context.db = new DatabaseManager(context.database.config, { logger: context.logger });
    context.db.registerModels(MODELS);
    await context.db.initialize();
  });
  s.after.each(async context => {
    await context.db?.shutdown();
    await context.database?.drop();
  });
  return s;
}

/** A manager on an existing test database with other settings, for tests that need their own. */
export async function openManager(database: TestDatabase, overrides: Partial<DatabaseConfig> = {}) {
  const logger = captureLogger();
  const db = new DatabaseManager({ ...database.config, retry: { attempts: 1 }, ...overrides }, { logger });
  db.registerModels(MODELS);
  await db.initialize();
  return { db, logger };
}
