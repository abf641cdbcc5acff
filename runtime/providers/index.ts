import type { DatabaseType } from '../../databases/index.ts';
import type { DatabaseProvider } from './provider.ts';
import { mongodbProvider } from './mongodb/index.ts';
import { sqlserverProvider } from './sqlserver/index.ts';
import { mysqlProvider } from './mysql/index.ts';
import { postgresqlProvider } from './postgresql/index.ts';
import { sqliteProvider } from './sqlite/index.ts';

const PROVIDERS: Readonly<Record<DatabaseType, DatabaseProvider>> = {
  mongodb: mongodbProvider,
  postgresql: postgresqlProvider,
  mysql: mysqlProvider,
  sqlite: sqliteProvider,
  sqlserver: sqlserverProvider,
};

export function getProvider(type: DatabaseType): DatabaseProvider {
  return PROVIDERS[type];
}

export * from '../../databases/index.ts';
export type * from './provider.ts';
