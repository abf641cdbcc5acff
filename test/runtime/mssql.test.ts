import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import { DatabaseManager } from '../../runtime/manager.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { Author, MODELS } from '../support/models.ts';
import { optionalSuite } from '../support/optional-suite.ts';

interface Context {
  admin: DatabaseManager;
  db: DatabaseManager;
  name: string;
}

const { test, url } = optionalSuite<Context>('SQL Server server suite', 'FARM_TEST_MSSQL_URL', {} as Context);

test.before.each(async context => {
  context.name = `farm_test_${randomBytes(4).toString('hex')}`;
  context.admin = new DatabaseManager({ type: 'sqlserver', url: url!, retry: { attempts: 1 } }, { logger: captureLogger() });
  await context.admin.initialize();
  await context.admin.em.getConnection().execute(`create database ${context.name}`);
  const target = new URL(url!);
  target.pathname = `/${context.name}`;
  context.db = new DatabaseManager({ type: 'sqlserver', url: target.toString(), schema: 'update', retry: { attempts: 1 } }, { logger: captureLogger() });
  context.db.registerModels(MODELS);
  await context.db.initialize();
});

test.after.each(async ({ admin, db, name }) => {
  await db?.shutdown();
  await admin?.em.getConnection().execute(`drop database if exists ${name}`);
  await admin?.shutdown();
});

test('commits and rolls back transactions', async ({ db }) => {
  await db.transaction(async em => {
    em.create(Author, { name: 'Ada', email: 'ada@example.com' });
  });
  await db
    .transaction(async em => {
      em.create(Author, { name: 'Bob', email: 'bob@example.com' });
      await em.flush();
      throw new Error('roll back');
    })
    .catch(() => undefined);
  assert.is(await db.em.count(Author, {}), 1);
});

test('health passes with the server version', async ({ db }) => {
  const health = await db.healthCheck();
  assert.is(health.status, 'pass');
  assert.match(String(health.checks['database:version']![0].observedValue), 'Microsoft SQL Server');
});

test.run();

const offline = (await import('uvu')).suite('SQL Server provider without a server');

offline('pool settings reach the real tarn pool, and its statistics are read from it', async () => {
  const { MikroORM } = await import('@mikro-orm/core');
  const { sqlserverProvider } = await import('../../runtime/providers/sqlserver/index.ts');
  const { resolveDatabaseConfig, completePool } = await import('../../config/resolve.ts');
  const config = resolveDatabaseConfig({ type: 'sqlserver', url: 'mssql://sa:secret@127.0.0.1:1/app', pool: { max: 7, acquireTimeoutMs: 1500 } }, { env: {} });
  const options = await sqlserverProvider.ormOptions({ config, pool: completePool(config.pool, sqlserverProvider.descriptor.pool), baseDir: process.cwd() });
  const orm = await MikroORM.init({ ...options, entities: MODELS as never[] });
  try {
    // Building the Kysely client creates Kysely's driver and with it the tarn pool; nothing connects.
    (orm.driver.getConnection() as unknown as { getClient(): unknown }).getClient();
    const session = await sqlserverProvider.attach(orm);
    assert.equal(session.poolStats(), { max: 7, size: 0, idle: 0, busy: 0, waiting: 0 });
  } finally {
    await orm.close(true);
  }
});

offline.run();
