import type { DatabaseConfig } from '../../config/types.ts';
import { DatabaseManager, type Model } from '../../runtime/manager.ts';
import { captureLogger } from './capture-logger.ts';
import { PORTABLE_MODELS } from './portable-models.ts';

/** A manager with the portable models; `schema: 'update'` makes the tables (a source), 'none' leaves them to the transfer. */
export async function openPortable(config: DatabaseConfig, schema: 'update' | 'none', models: Model[] = PORTABLE_MODELS): Promise<DatabaseManager> {
  const db = new DatabaseManager({ ...config, schema, retry: { attempts: 1 } }, { logger: captureLogger() });
  db.registerModels(models);
  await db.initialize();
  return db;
}
