import type { DatabaseType } from './descriptors.ts';
import type { DatabaseProvider } from './provider.ts';
import { mongodbProvider } from './mongodb.ts';
import { mssqlProvider } from './mssql.ts';
import { mysqlProvider } from './mysql.ts';
import { postgresqlProvider } from './postgresql.ts';
import { sqliteProvider } from './sqlite.ts';

const PROVIDERS: Readonly<Record<DatabaseType, DatabaseProvider>> = {
  mongodb: mongodbProvider,
  postgresql: postgresqlProvider,
  mysql: mysqlProvider,
  sqlite: sqliteProvider,
  sqlserver: mssqlProvider,
};

export function getProvider(type: DatabaseType): DatabaseProvider {
  return PROVIDERS[type];
}

export * from './descriptors.ts';
export type * from './provider.ts';
