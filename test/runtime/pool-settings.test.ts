import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseManager } from '../../runtime/manager.ts';
import { FarmConfigError } from '../../config/errors.ts';
import { mariadbTarget, postgresTarget } from '../support/databases.ts';
import { openManager } from '../support/suite.ts';

const settings = { min: 0, max: 7, acquireTimeoutMs: 1234, idleTimeoutMs: 4321 };

test('PostgreSQL: every pool setting reaches the pg pool', async () => {
  const database = await postgresTarget.create();
  const { db } = await openManager(database, { pool: settings });
  try {
    const pool = (await db.orm.driver.getConnection().getNativeClient()) as { options: Record<string, unknown> };
    assert.is(pool.options.max, 7);
    assert.is(pool.options.min, 0);
    assert.is(pool.options.idleTimeoutMillis, 4321);
    assert.is(pool.options.connectionTimeoutMillis, 1234);
  } finally {
    await db.shutdown();
    await database.drop();
  }
});

test('PostgreSQL: the default pool max is 20', async () => {
  const database = await postgresTarget.create();
  const { db } = await openManager(database);
  try {
    assert.is((await db.healthCheck()).checks['database:pool']![0].observedValue!.max, 20);
  } finally {
    await db.shutdown();
    await database.drop();
  }
});

test('MariaDB: pool max and timeouts reach the mysql2 pool', async () => {
  const database = await mariadbTarget.create();
  const { db } = await openManager(database, { pool: settings });
  try {
    const pool = (await db.orm.driver.getConnection().getNativeClient()) as {
      config: { connectionLimit: number; idleTimeout: number; connectionConfig: { connectTimeout: number } };
    };
    assert.is(pool.config.connectionLimit, 7);
    assert.is(pool.config.idleTimeout, 4321);
    assert.is(pool.config.connectionConfig.connectTimeout, 1234);
  } finally {
    await db.shutdown();
    await database.drop();
  }
});

test('SQLite: a pool larger than one connection is refused with the fix', async () => {
  const db = new DatabaseManager({ type: 'sqlite', url: ':memory:', pool: { max: 5 } });
  try {
    await db.initialize();
    assert.unreachable('initialize should refuse pool.max 5');
  } catch (error) {
    assert.instance(error, FarmConfigError);
    assert.match((error as Error).message, 'database.pool.max');
    assert.match((error as Error).message, 'set it to 1');
  }
});

test.run();
