/** What a DatabaseManager is made from: the models it takes, its options, a config found from a folder. */
import type { AnyEntity, EntityClass, EntitySchema } from '@mikro-orm/core';
import type { FarmLogger } from './monitoring/logger.ts';

// biome-ignore lint: a model is whatever MikroORM accepts as an entity definition.
export type Model = EntitySchema<any, any> | EntityClass<AnyEntity>;

export interface DatabaseManagerOptions {
  /** pino-compatible; defaults to the console. */
  logger?: FarmLogger;
  /** Where `${VAR}` and env() read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The project root, for relative paths such as a SQLite file; defaults to the working directory. */
  baseDir?: string;
  /** The config file, named in error messages. */
  configFile?: string;
  /** How long a health probe may take: a ping slower than this is `fail`, a later query `warn`. */
  healthTimeoutMs?: number;
  /** The migrations folder; defaults to `migrations` beside the config source (`configFrom`) or in baseDir. */
  migrationsDir?: string;
  /** Overrides `database.schema` (the CLI uses 'none': migrations, not start-up syncing, change the schema). */
  schema?: 'none' | 'update';
  /**
   * Set up MikroORM without connecting (MikroORM connects lazily): only for reading migration
   * files, as `farm db migrate --sql --offline` does. Nothing that needs the database works.
   */
  offline?: boolean;
  /** OpenTelemetry spans and metrics while @opentelemetry/api and a registered SDK are there (default); false: never. */
  telemetry?: boolean;
}

/** Load farm.config.ts at initialize(), searching from this folder upwards (e.g. `import.meta.dirname`). */
export interface ProjectConfigSource {
  configFrom: string;
}
