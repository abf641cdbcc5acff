import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from '../../../config/types.ts';
import { AdminConnection, pointAt } from '../../../testing/admin.ts';
import { sqliteFile } from '../../../testing/servers/sqlite.ts';
import { existsSync } from 'node:fs';
import { MARIADB_URL, PG_URL } from '../../support/databases.ts';

/** The app settings each suite hands createTestDatabase(): the app's own database name is never touched. */
export interface TestingTarget {
  name: string;
  config: DatabaseConfig;
  /** Whether the server (or temp folder) has a database of that name now. */
  exists(name: string): Promise<boolean>;
  /** Makes an empty database of that name, as a killed run would have left it. */
  leave(name: string): Promise<void>;
}

const admin = async <T>(config: DatabaseConfig, dbName: string, fn: (c: AdminConnection) => Promise<T>): Promise<T> => {
  const connection = await AdminConnection.open(pointAt(config, dbName));
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
};

const pgConfig: DatabaseConfig = { type: 'postgresql', url: PG_URL.replace(/\/[^/]*$/, '/farm_app') };
const mysqlConfig: DatabaseConfig = { type: 'mysql', url: MARIADB_URL.replace(/\/[^/]*$/, '/farm_app') };

export const TESTING_TARGETS: TestingTarget[] = [
  {
    name: 'sqlite',
    config: { type: 'sqlite', url: 'file:never-used.db' },
    exists: async name => existsSync(sqliteFile(name)),
    leave: async name => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(sqliteFile(name), '');
    },
  },
  {
    name: 'mariadb',
    config: mysqlConfig,
    exists: name =>
      admin(mysqlConfig, 'information_schema', async c =>
        (await c.query(`select 1 from information_schema.schemata where schema_name = '${name}'`)).length > 0),
    leave: name => admin(mysqlConfig, 'information_schema', async c => void (await c.query(`create database \`${name}\``))),
  },
  {
    name: 'postgresql',
    config: pgConfig,
    exists: name => admin(pgConfig, 'postgres', async c => (await c.query(`select 1 from pg_database where datname = '${name}'`)).length > 0),
    leave: name => admin(pgConfig, 'postgres', async c => void (await c.query(`create database "${name}"`))),
  },
];

/** A temp folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A pid no process has now: one that just exited. */
export async function deadPid(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise(resolve => child.on('exit', resolve));
  return child.pid!;
}
