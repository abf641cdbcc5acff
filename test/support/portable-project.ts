import type { DatabaseConfig } from '../../config/types.ts';
import { DatabaseManager, type Model } from '../../runtime/manager.ts';
import { captureLogger } from './capture-logger.ts';
import type { TestTarget } from './databases.ts';
import { PORTABLE_MODELS } from './portable-models.ts';

/** A manager with the portable models; `schema: 'update'` makes the tables (a source), 'none' leaves them to the transfer. */
export async function openPortable(config: DatabaseConfig, schema: 'update' | 'none', models: Model[] = PORTABLE_MODELS): Promise<DatabaseManager> {
  const db = new DatabaseManager({ ...config, schema, retry: { attempts: 1 } }, { logger: captureLogger() });
  db.registerModels(models);
  await db.initialize();
  return db;
}

/** A fresh source (tables made from `models`) and an empty target of the pair; both dropped after `body`. */
export async function withPair(from: TestTarget, to: TestTarget, body: (managers: { source: DatabaseManager; target: DatabaseManager }) => Promise<void>, models: Model[] = PORTABLE_MODELS): Promise<void> {
  const [a, b] = [await from.create(), await to.create()];
  const source = await openPortable(a.config, 'update', models);
  const target = await openPortable(b.config, 'none', models);
  try {
    await body({ source, target });
  } finally {
    await source.shutdown();
    await target.shutdown();
    await a.drop();
    await b.drop();
  }
}
