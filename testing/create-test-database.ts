import { resolve } from 'node:path';
import { PROVIDER_DESCRIPTORS } from '../databases/index.ts';
import { loadConfig } from '../config/load-config.ts';
import { resolveDatabaseConfig } from '../config/resolve.ts';
import type { DatabaseConfig, FarmConfig } from '../config/types.ts';
import { DatabaseManager, type Model } from '../runtime/index.ts';
import type { FarmLogger } from '../runtime/index.ts';
import { quietLogger } from './admin.ts';
import { trackDatabase, untrackDatabase } from './exit-hooks.ts';
import { migrationFiles, schemaFingerprint } from './fingerprint.ts';
import { nextDatabaseName } from './names.ts';
import { testServer } from './servers/index.ts';

export interface CreateTestDatabaseOptions {
  /** The app's models (as registered in database/connection.ts). */
  models: Model[];
  /** The database settings; defaults to the `database` block of the project's farm.config.ts. */
  config?: DatabaseConfig | FarmConfig;
  /** Where to look for farm.config.ts (and .env) when `config` is not given; defaults to the working directory. */
  configFrom?: string;
  /**
   * The migrations folder: with migrations in it the schema is made by running them (as in
   * production); without, from the models. Defaults to `migrations` beside farm.config.ts
   * when the settings come from it (none when `config` is given).
   */
  migrationsDir?: string;
  /** SQLite only: an in-memory database instead of a temp file. */
  memory?: boolean;
  /** Where the test manager logs (pino-compatible); defaults to silent. */
  logger?: FarmLogger;
}

export interface TestDatabase {
  /** An initialized manager on the worker's own database. */
  db: DatabaseManager;
  /** The database's name (`farm_test_<host>_<pid>_<n>`). */
  name: string;
  /** The settings pointing at it, e.g. for a second manager or a child process. */
  config: DatabaseConfig;
  /** Shuts the manager down and drops the database; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * A database of the worker's own, with the schema in it: PostgreSQL copies a template database
 * migrated once, MySQL/MariaDB and MongoDB make and migrate one per call, SQLite a temp file.
 * It is dropped by drop(), else when the process exits or is interrupted; databases of runs
 * that were killed outright are dropped by the next call.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions): Promise<TestDatabase> {
  const { config, root, fromProject } = await appConfig(options);
  // Given settings and no folder: the schema comes from the models. A project's config brings its migrations.
  const migrationsDir = options.migrationsDir ? resolve(options.migrationsDir) : fromProject ? resolve(root, 'migrations') : undefined;
  const useMigrations = migrationsDir && migrationFiles(migrationsDir).length > 0 ? migrationsDir : undefined;
  const logger = options.logger ?? quietLogger;
  const server = testServer(config, { memory: options.memory });
  await server.dropStale();

  const name = nextDatabaseName();
  const open = async (target: DatabaseConfig, schema: 'none' | 'update') => {
    const db = new DatabaseManager({ ...target, schema }, { logger, migrationsDir: useMigrations, baseDir: root });
    db.registerModels(options.models);
    await db.initialize();
    return db;
  };
  const build = async (target: DatabaseConfig) => {
    const db = await open(target, useMigrations ? 'none' : 'update');
    try {
      if (useMigrations) await db.migrate();
    } finally {
      await db.shutdown();
    }
  };
  const fingerprint = await schemaFingerprint(config, options.models, useMigrations);
  trackDatabase(config, name);
  let target: DatabaseConfig;
  let db: DatabaseManager;
  try {
    target = await server.create(name, fingerprint, build);
    // An in-memory SQLite database is new with each connection: its manager makes the schema itself.
    const inMemory = options.memory && PROVIDER_DESCRIPTORS[config.type].storage === 'file';
    db = await open(target, inMemory && !useMigrations ? 'update' : 'none');
    if (inMemory && useMigrations) await db.migrate();
  } catch (error) {
    await server.drop([name]).catch(() => undefined);
    untrackDatabase(name);
    throw error;
  }
  let dropped: Promise<void> | undefined;
  return {
    db,
    name,
    config: target,
    drop() {
      dropped ??= (async () => {
        await db.shutdown();
        await server.drop([name]);
        untrackDatabase(name);
      })();
      return dropped;
    },
  };
}

/** The settings resolved once (env references read), as plain values a child process can be handed. */
async function appConfig(options: CreateTestDatabaseOptions): Promise<{ config: DatabaseConfig; root: string; fromProject: boolean }> {
  let source = options.config;
  let root = process.cwd();
  let file: string | undefined;
  if (!source) {
    const loaded = await loadConfig({ cwd: options.configFrom });
    source = loaded.config;
    root = loaded.root;
    file = loaded.file;
  }
  const database = 'database' in source ? (source as FarmConfig).database : (source as DatabaseConfig);
  const resolved = resolveDatabaseConfig(database, { file, env: process.env });
  const { type, url, host, port, user, password, dbName } = resolved;
  const config: DatabaseConfig = { type, retry: { attempts: 1 }, monitoring: { enabled: false } };
  for (const [key, value] of Object.entries({ url, host, port, user, password, dbName })) {
    if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  }
  return { config, root, fromProject: !options.config };
}
