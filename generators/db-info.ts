import { join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { loadConfig } from '../config/load-config.ts';
import { completePool } from '../config/resolve.ts';
import type { PoolConfig } from '../config/types.ts';
import { redactUrl } from '../config/redact.ts';
import type { HealthResponse } from '../runtime/index.ts';
import { DatabaseManager } from '../runtime/index.ts';
import { PROVIDER_DESCRIPTORS } from '../databases/index.ts';
import { detectProject } from './detect/project.ts';
import { findModels } from './steps/models.ts';
import { Tree } from './tree/tree.ts';
import type { GeneratorContext } from './context.ts';

export interface DbInfo {
  configFile: string;
  type: string;
  provider: string;
  /** The password is replaced by ***. */
  url: string | undefined;
  pool: Required<PoolConfig>;
  models: string[];
  compose: { file: string; service: string; image: string } | undefined;
  migrations: MigrationsInfo;
  health: Pick<HealthResponse, 'status' | 'output' | 'checks'>;
}

/** Which migrations are applied, as data; `unknown` (with why) when the database cannot tell. */
export type MigrationsInfo =
  | { status: 'known'; applied: number; pending: number; latest: string | null; pendingNames: string[] }
  | { status: 'unknown'; reason: string };

/** Everything `farm db info` reports. Connects only to ask for health, and changes nothing. */
export async function dbInfo(dir: string): Promise<DbInfo> {
  const loaded = await loadConfig({ cwd: dir });
  const { database } = loaded;
  const descriptor = PROVIDER_DESCRIPTORS[database.type];
  const tree = new Tree(dir);
  let models: string[] = [];
  let compose: DbInfo['compose'];
  let migrationsDir: string | undefined;
  try {
    const layout = detectProject(tree);
    migrationsDir = join(dir, layout.databaseDir, 'migrations');
    models = findModels({ tree, layout } as GeneratorContext).map(m => m.name);
    compose = layout.composeFile ? composeService(layout.composeFile, tree.read(layout.composeFile)!) : undefined;
  } catch {
    // Not a layout farm-db can read (no entry found, say): report the config alone.
  }
  const db = new DatabaseManager(
    { ...loaded.config.database, schema: 'none', retry: { attempts: 1 }, monitoring: { enabled: false } },
    { baseDir: loaded.root, configFile: loaded.file, logger: { warn: () => undefined }, healthTimeoutMs: 3000, migrationsDir },
  );
  let health: DbInfo['health'];
  let migrations: MigrationsInfo = { status: 'unknown', reason: 'the database is not reachable' };
  try {
    await db.initialize();
    health = await db.healthCheck();
    migrations = await migrationSummary(db);
  } catch (error) {
    health = { status: 'fail', output: (error as Error).message.split('\n')[0], checks: {} as HealthResponse['checks'] };
  } finally {
    await db.shutdown();
  }
  return {
    configFile: loaded.file,
    type: database.type,
    provider: descriptor.label,
    url: database.url ? redactUrl(database.url) : undefined,
    pool: completePool(database.pool, descriptor.pool),
    models,
    compose,
    migrations,
    health,
  };
}

async function migrationSummary(db: DatabaseManager): Promise<MigrationsInfo> {
  try {
    const list = await (await db.migrations()).status();
    const applied = list.filter(m => m.applied);
    const pendingNames = list.filter(m => !m.applied).map(m => m.name);
    return { status: 'known', applied: applied.length, pending: pendingNames.length, latest: applied.at(-1)?.name ?? null, pendingNames };
  } catch (error) {
    return { status: 'unknown', reason: (error as Error).message.split('\n')[0]! };
  }
}

function composeService(file: string, text: string): DbInfo['compose'] {
  const doc = parseDocument(text);
  const services = doc.get('services', true);
  if (!isMap(services)) return undefined;
  for (const item of services.items) {
    const name = String(isScalar(item.key) ? item.key.value : item.key);
    if (doc.getIn(['services', name, 'labels', 'com.farm-db.database'])) {
      return { file, service: name, image: String(doc.getIn(['services', name, 'image'])) };
    }
  }
  return undefined;
}
