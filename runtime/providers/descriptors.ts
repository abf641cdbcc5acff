/**
 * What farm-db knows about each database before connecting: pure data, no driver imports.
 * The config validator, the providers and (later) the generators all read this one table,
 * so adding a database means adding one entry here and one provider file.
 */
export const DATABASE_TYPES = ['mongodb', 'postgresql', 'mysql', 'sqlite', 'sqlserver'] as const;
export type DatabaseType = (typeof DATABASE_TYPES)[number];

export interface PoolDefaults {
  min: number;
  max: number;
  acquireTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface ProviderDescriptor {
  type: DatabaseType;
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
}

const SECOND = 1000;

export const PROVIDER_DESCRIPTORS: Readonly<Record<DatabaseType, ProviderDescriptor>> = {
  mongodb: {
    type: 'mongodb',
    label: 'MongoDB',
    urlSchemes: ['mongodb', 'mongodb+srv'],
    defaultPort: 27017,
    driverPackage: '@mikro-orm/mongodb',
    // maxPoolSize 50 is the FARM default; the driver's own default is 100.
    pool: { min: 0, max: 50, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'json',
    transactionalDdl: false,
  },
  postgresql: {
    type: 'postgresql',
    label: 'PostgreSQL',
    urlSchemes: ['postgres', 'postgresql'],
    defaultPort: 5432,
    driverPackage: '@mikro-orm/postgresql',
    pool: { min: 0, max: 20, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'sql',
    transactionalDdl: true,
  },
  mysql: {
    type: 'mysql',
    label: 'MySQL/MariaDB',
    urlSchemes: ['mysql', 'mariadb'],
    defaultPort: 3306,
    driverPackage: '@mikro-orm/mysql',
    // Same as PostgreSQL; well under the server's default max_connections of 151.
    pool: { min: 0, max: 20, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'sql',
    // MySQL and MariaDB commit implicitly before and after every DDL statement.
    transactionalDdl: false,
  },
  sqlite: {
    type: 'sqlite',
    label: 'SQLite',
    urlSchemes: ['sqlite', 'file'],
    defaultPort: null,
    driverPackage: '@mikro-orm/sql',
    // node:sqlite is synchronous and Kysely serialises access to its single connection.
    pool: { min: 1, max: 1, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 0 },
    maxPoolSize: 1,
    migrations: 'sql',
    transactionalDdl: true,
  },
  sqlserver: {
    type: 'sqlserver',
    label: 'SQL Server',
    urlSchemes: ['mssql', 'sqlserver'],
    defaultPort: 1433,
    driverPackage: '@mikro-orm/mssql',
    pool: { min: 0, max: 10, acquireTimeoutMs: 10 * SECOND, idleTimeoutMs: 30 * SECOND },
    migrations: 'sql',
    transactionalDdl: true,
  },
};

export function isDatabaseType(value: unknown): value is DatabaseType {
  return typeof value === 'string' && (DATABASE_TYPES as readonly string[]).includes(value);
}
