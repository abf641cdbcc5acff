/**
 * The shape of a catalog entry (`databases/<type>.ts`): what farm-db knows about one database before
 * connecting. Pure data, no driver imports: config/ validates against it, runtime/ sizes pools and picks
 * the provider with it, generators/ writes compose services and templates from it.
 */

export interface PoolDefaults {
  min: number;
  max: number;
  acquireTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface DatabaseDescriptor<Type extends string = string> {
  type: Type;
  /** Human name used in messages. */
  label: string;
  /** URL schemes accepted in `database.url` (without the colon). */
  urlSchemes: readonly string[];
  defaultPort: number | null;
  /** The MikroORM driver package the app must install. */
  driverPackage: string;
  pool: PoolDefaults;
  /** A hard limit of the driver, where it has one. */
  maxPoolSize?: number;
  /** How schema changes are migrated: SQL files on MikroORM's migrator, or farm-db's JSON operations. */
  migrations: 'sql' | 'json';
  /** Whether DDL runs inside a transaction; where it does not, a failed migration cannot be undone. */
  transactionalDdl: boolean;
  /** Where the data lives: a file of the app (a plain path is a URL, `:memory:` lasts one connection) or a server. */
  storage: 'file' | 'server';
  /** Records are rows with every column (a missing value is an error), or documents that may leave fields out. */
  records: 'rows' | 'documents';
  /** Whether `database.replicas` can name read replicas here, and if not what to do instead. */
  readReplicas: 'supported' | { unsupported: string };
  /** OpenTelemetry's `db.system.name`, and another one for URL schemes that mean another server (mariadb:). */
  telemetrySystem: string;
  telemetrySystemByScheme?: Readonly<Record<string, string>>;
  /** How its logged queries write values, so the monitor can redact them: SQL literal forms, or MongoDB shell syntax. */
  queryLiterals: SqlLiterals | 'mongo-shell';
}

/** How one SQL dialect writes its literals (the parts of a query that carry values). */
export interface SqlLiterals {
  /** Backslash escapes a quote inside every string ('it\'s'), not only inside E'…'. */
  backslashEscapes: boolean;
  /** "…" is a string, not an identifier. */
  doubleQuotedStrings: boolean;
  /** $tag$…$tag$ and $$…$$ bodies. */
  dollarQuotes: boolean;
  /** […] is a quoted identifier, not a subscript. */
  bracketIdentifiers: boolean;
  /** $12.50 is a number (SQL Server money), not a $1 placeholder. */
  moneyLiterals: boolean;
  /** # starts a comment. */
  hashComments: boolean;
  /** Block comments nest (elsewhere the first closing mark ends one, and what follows is SQL again). */
  nestedComments: boolean;
}

/** A compose service farm-db can add: official image on a pinned major tag, with a healthcheck. */
export interface ComposeServiceSpec {
  /** The natural service name; another is chosen when it is taken. */
  name: string;
  image: string;
  containerPort: number;
  /** Variables the service reads, each `${NAME}` from .env. */
  environment: Readonly<Record<string, string>>;
  command?: string;
  healthcheck: readonly string[];
  volumePath: string;
}

/**
 * What `farm db add` offers for a database (or a preset of one). `env` values and `url` may hold the
 * placeholders `<port>` (the host port) and `<password>` (a random one, after the password rule).
 */
export interface DatabaseChoice {
  /** What the user picks (`--type`). */
  choice: string;
  /** Shown in prompts. */
  label: string;
  /** Where `farm db add` lists it, lowest first; presets follow the databases. */
  menuPosition?: number;
  /** Other names users type for it. */
  aliases?: readonly string[];
  /** Packages the app needs besides farm-db and @mikro-orm/core; defaults to the driver package. */
  packages?: readonly string[];
  compose?: ComposeServiceSpec;
  /** .env variables with their default values. */
  env: Readonly<Record<string, string>>;
  /** The DATABASE_URL for the generated compose service (or a placeholder for hosted ones). */
  url: string;
  /** A rule the server puts on passwords: the random password gets this prefix. */
  passwordPrefix?: string;
  /** Only an existing URL makes sense (hosted databases). */
  externalOnly?: boolean;
}

/** Variables of the generated files that differ between databases (templates/base/database/). */
export interface TemplateVariables {
  /** The id column: a native UUID property, or a UUID string (MongoDB's _id). */
  idProperty: 'uuid' | 'string';
  /** The base model's doc comment: what "every model shares" is called here and how the id is stored. */
  baseModelComment: readonly string[];
}

/** One file of databases/: everything farm-db knows about one database. */
export interface DatabaseEntry<Type extends string = string> {
  descriptor: DatabaseDescriptor<Type>;
  setup: DatabaseChoice;
  template: TemplateVariables;
}

/** A choice that runs on one of the databases with its own image, driver or hosted URL (databases/presets.ts). */
export interface DatabasePreset<Type extends string = string> extends DatabaseChoice {
  type: Type;
}
