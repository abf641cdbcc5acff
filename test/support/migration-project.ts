import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseConfig } from '../../config/types.ts';
import { DatabaseManager, type Model } from '../../runtime/manager.ts';
import { captureLogger } from './capture-logger.ts';
import { ensureBuilt, REPO } from './generated-project.ts';

/**
 * A migrations folder inside this repository, so migration files resolve `farm-db/migrations`
 * (the package's self-reference, built to dist/) as they would in an app.
 */
export function migrationsFolder(): string {
  ensureBuilt();
  const dir = join(REPO, 'test/.projects', `migrations-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A manager as `farm db migrate` opens it: the given models, schema left to migrations. */
export async function openForMigrations(config: DatabaseConfig, dir: string, models: Model[]) {
  const logger = captureLogger();
  const db = new DatabaseManager({ ...config, schema: 'none', retry: { attempts: 1 } }, { logger, migrationsDir: dir });
  db.registerModels(models);
  await db.initialize();
  return db;
}
