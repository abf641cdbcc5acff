/**
 * The databases the runtime suites run against. SQLite, PostgreSQL and MariaDB are always
 * there (the local servers of this project's machines); MongoDB and SQL Server only when
 * their URL is set. Each test gets a database of its own and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../../config/types.ts';

export const PG_URL = process.env.FARM_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MARIADB_URL = process.env.FARM_TEST_MARIADB_URL ?? 'mariadb://root@127.0.0.1:3306/test';

export interface TestDatabase {
  config: DatabaseConfig;
  /** Connections the server sees from clients to this database right now. */
  serverConnections(): Promise<number>;
  /** Ends every server connection to this database, as an admin would. */
  killConnections(): Promise<number>;
  drop(): Promise<void>;
}

export interface TestTarget {
  name: string;
  /** SQL that takes about `seconds` to run. */
  sleepSql(seconds: number): string;
  versionSql: string;
  create(overrides?: Partial<DatabaseConfig>): Promise<TestDatabase>;
}

const uniqueName = () => `farm_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export const sqliteTarget: TestTarget = {
  name: 'sqlite',
  sleepSql: () => {
    throw new Error('SQLite has no sleep function');
  },
  versionSql: 'select sqlite_version() as version',
  async create(overrides = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'farm-sqlite-'));
    return {
      config: { type: 'sqlite', url: `file:${join(dir, 'app.db')}`, schema: 'update', ...overrides },
      serverConnections: async () => 0,
      killConnections: async () => 0,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresTarget: TestTarget = {
  name: 'postgresql',
  sleepSql: seconds => `select pg_sleep(${seconds})`,
  versionSql: 'select version()',
  async create(overrides = {}) {
    const name = uniqueName();
    await pgAdmin(`create database ${name}`);
    return {
      config: { type: 'postgresql', url: withDatabase(PG_URL, name), schema: 'update', ...overrides },
      async serverConnections() {
        const rows = await pgAdmin(`select count(*)::int as n from pg_stat_activity where datname = '${name}'`);
        return rows[0].n;
      },
      async killConnections() {
        const rows = await pgAdmin(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
        );
        return rows[0].n;
      },
      async drop() {
        await pgAdmin(`drop database if exists ${name} with (force)`);
      },
    };
  },
};

export const mariadbTarget: TestTarget = {
  name: 'mariadb',
  sleepSql: seconds => `select sleep(${seconds})`,
  versionSql: 'select version()',
  async create(overrides = {}) {
    const name = uniqueName();
    await mysqlAdmin(`create database ${name}`);
    return {
      config: { type: 'mysql', url: withDatabase(MARIADB_URL, name), schema: 'update', ...overrides },
      async serverConnections() {
        const rows = await mysqlAdmin(`select count(*) as n from information_schema.processlist where db = '${name}'`);
        return Number(rows[0].n);
      },
      async killConnections() {
        const rows = await mysqlAdmin(`select id from information_schema.processlist where db = '${name}'`);
        for (const row of rows) await mysqlAdmin(`kill connection ${row.id}`).catch(() => undefined);
        return rows.length;
      },
      async drop() {
        await mysqlAdmin(`drop database if exists ${name}`);
      },
    };
  },
};

/** The targets every runtime suite covers. */
export const SQL_TARGETS: TestTarget[] = [sqliteTarget, postgresTarget, mariadbTarget];
export const SERVER_TARGETS: TestTarget[] = [postgresTarget, mariadbTarget];

// biome-ignore lint: rows of admin queries are loosely typed.
async function pgAdmin(sql: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// biome-ignore lint: rows of admin queries are loosely typed.
async function mysqlAdmin(sql: string): Promise<any[]> {
  const connection = await mysql.createConnection(MARIADB_URL.replace(/^mariadb:/, 'mysql:'));
  try {
    const [rows] = await connection.query(sql);
    return rows as never[];
  } finally {
    await connection.end();
  }
}
