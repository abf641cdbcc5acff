import type { DatabaseConfig } from '../../config/types.ts';
import { AdminConnection, pointAt } from '../admin.ts';
import { isStale, nextDatabaseName, TEMPLATE_PREFIX, templateName } from '../names.ts';
import type { BuildSchema, TestServer } from './server.ts';

/** Session advisory lock around template building: "ftst" in ASCII. */
const TEMPLATE_LOCK = 0x66747374;

/**
 * PostgreSQL: the schema is built once into a template database named after its fingerprint
 * (kept between runs until the schema changes); each worker database is a copy of it,
 * `CREATE DATABASE … TEMPLATE`, which takes milliseconds.
 */
export function postgresqlServer(config: DatabaseConfig): TestServer {
  const admin = () => AdminConnection.open(pointAt(config, 'postgres'));
  return {
    async create(name, fingerprint, build) {
      const connection = await admin();
      try {
        await connection.query(`select pg_advisory_lock(${TEMPLATE_LOCK})`);
        try {
          const template = templateName(fingerprint);
          const found = await connection.query(`select 1 from pg_database where datname = '${template}'`);
          if (found.length === 0) await buildTemplate(connection, config, template, build);
          await copyTemplate(connection, template, name);
          await dropOldTemplates(connection, template);
        } finally {
          await connection.query(`select pg_advisory_unlock(${TEMPLATE_LOCK})`);
        }
      } finally {
        await connection.close();
      }
      return pointAt(config, name);
    },
    async drop(names) {
      if (names.length === 0) return;
      const connection = await admin();
      try {
        for (const name of names) await connection.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await connection.close();
      }
    },
    async dropStale() {
      const connection = await admin();
      try {
        const rows = await connection.query(`select datname from pg_database where datname like 'farm\\_test\\_%'`);
        const stale = rows.map(row => String(row.datname)).filter(isStale);
        // Leftovers must never hold up a run: a drop the server cannot finish soon is tried again next time.
        await connection.query('set statement_timeout = 10000');
        const dropped: string[] = [];
        for (const name of stale) {
          await connection.query(`drop database if exists "${name}" with (force)`).then(() => dropped.push(name), () => undefined);
        }
        await connection.query('reset statement_timeout');
        return dropped;
      } finally {
        await connection.close();
      }
    },
  };
}

/** Built under a worker's own name, renamed when complete: a run killed half-way leaves no broken template. */
async function buildTemplate(connection: AdminConnection, config: DatabaseConfig, template: string, build: BuildSchema): Promise<void> {
  const building = nextDatabaseName();
  await connection.query(`create database "${building}"`);
  try {
    await build(pointAt(config, building));
    await retryWhileInUse(() => connection.query(`alter database "${building}" rename to "${template}"`));
  } catch (error) {
    await connection.query(`drop database if exists "${building}" with (force)`).catch(() => undefined);
    throw error;
  }
}

async function copyTemplate(connection: AdminConnection, template: string, name: string): Promise<void> {
  await retryWhileInUse(() => connection.query(`create database "${name}" template "${template}"`));
}

/** Templates of other schema versions, unless in use (another project's run copying from its own). */
async function dropOldTemplates(connection: AdminConnection, current: string): Promise<void> {
  const rows = await connection.query(`select datname from pg_database where datname like '${TEMPLATE_PREFIX.replace(/_/g, '\\_')}%'`);
  for (const row of rows) {
    if (row.datname !== current) await connection.query(`drop database if exists "${row.datname}"`).catch(() => undefined);
  }
}

/** A connection just closed by the builder can linger for a moment; the copy and rename need none. */
async function retryWhileInUse<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test(String((error as Error).message))) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}
