import type { DatabaseConfig } from '../../config/types.ts';
import { mongodbServer } from './mongodb.ts';
import { mysqlServer } from './mysql.ts';
import { postgresqlServer } from './postgresql.ts';
import type { TestServer } from './server.ts';
import { sqliteServer } from './sqlite.ts';

export function testServer(config: DatabaseConfig, options: { memory?: boolean } = {}): TestServer {
  switch (config.type) {
    case 'postgresql':
      return postgresqlServer(config);
    case 'mysql':
      return mysqlServer(config);
    case 'sqlite':
      return sqliteServer(config, options);
    case 'mongodb':
      return mongodbServer(config);
    default:
      throw new Error(`farm-db/testing does not support ${config.type} test databases yet`);
  }
}
