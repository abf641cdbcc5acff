import { randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MikroORM, type EntitySchema } from '@mikro-orm/core';
import { mongodbProvider } from '../../runtime/providers/mongodb/index.ts';
import { DatabaseManager } from '../../runtime/manager.ts';
import { resolveDatabaseConfig, completePool } from '../../config/resolve.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { Author, Book, MODELS } from '../support/models.ts';
import { optionalSuite } from '../support/optional-suite.ts';

// Discovery and client construction run without a server: MikroORM connects lazily.
async function mongoOrm(pool: Record<string, number> = {}) {
  const config = resolveDatabaseConfig({ type: 'mongodb', url: 'mongodb://127.0.0.1:1/app', pool }, { env: {} });
  const options = await mongodbProvider.ormOptions({
    config,
    pool: completePool(config.pool, mongodbProvider.descriptor.pool),
    baseDir: process.cwd(),
  });
  return MikroORM.init({ ...options, entities: MODELS as unknown as EntitySchema[], discovery: { onMetadata: meta => mongodbProvider.adaptMetadata!(meta) } });
}

/** Builds (without connecting) the MongoClient MikroORM would use. */
function mongoClient(orm: MikroORM): unknown {
  return (orm.driver.getConnection() as unknown as { getClient(): unknown }).getClient();
}

const offline = suite('MongoDB provider without a server');

offline('the provider-neutral id is stored as _id, so the same models pass MongoDB validation', async () => {
  const orm = await mongoOrm();
  try {
    assert.equal(orm.getMetadata().get(Author).properties.id.fieldNames, ['_id']);
    assert.equal(orm.getMetadata().get(Book).properties.id.fieldNames, ['_id']);
  } finally {
    await orm.close(true);
  }
});

offline('the MongoClient gets maxPoolSize 50 by default', async () => {
  const orm = await mongoOrm();
  try {
    const client = mongoClient(orm) as { options: { maxPoolSize: number } };
    assert.is(client.options.maxPoolSize, 50);
  } finally {
    await orm.close(true);
  }
});

offline('pool settings reach the MongoClient', async () => {
  const orm = await mongoOrm({ min: 2, max: 9, acquireTimeoutMs: 1500, idleTimeoutMs: 6000 });
  try {
    const { options } = mongoClient(orm) as { options: Record<string, number> };
    assert.is(options.maxPoolSize, 9);
    assert.is(options.minPoolSize, 2);
    assert.is(options.waitQueueTimeoutMS, 1500);
    assert.is(options.maxIdleTimeMS, 6000);
  } finally {
    await orm.close(true);
  }
});

offline.run();

interface Context {
  db: DatabaseManager;
}

const { test, url } = optionalSuite<Context>('MongoDB server suite', 'FARM_TEST_MONGODB_URL', {} as Context);

test.before.each(async context => {
  const name = `farm_test_${randomBytes(4).toString('hex')}`;
  context.db = new DatabaseManager({ type: 'mongodb', url: url!, dbName: name, schema: 'update', retry: { attempts: 1 } }, { logger: captureLogger() });
  context.db.registerModels(MODELS);
  await context.db.initialize();
});

test.after.each(async ({ db }) => {
  if (!db?.isReady) return;
  await (db.orm.em.getConnection() as unknown as { getDb(): { dropDatabase(): Promise<void> } }).getDb().dropDatabase();
  await db.shutdown();
});

test('creates, reads, updates and deletes through the shared models', async ({ db }) => {
  const em = db.em;
  const author = em.create(Author, { name: 'Ada', email: 'ada@example.com' });
  em.create(Book, { title: 'Notes', author });
  await em.flush();
  const fresh = db.em;
  const loaded = await fresh.findOneOrFail(Author, author.id, { populate: ['books'] });
  assert.is(loaded.books.length, 1);
  loaded.name = 'Ada L.';
  await fresh.flush();
  assert.is((await db.em.findOneOrFail(Author, author.id)).name, 'Ada L.');
  const last = db.em;
  last.remove(await last.findOneOrFail(Book, { title: 'Notes' }));
  await last.flush();
  assert.is(await db.em.count(Book, {}), 0);
});

test('the unique index from the model is created at start-up', async ({ db }) => {
  const em = db.em;
  em.create(Author, { name: 'A', email: 'same@example.com' });
  await em.flush();
  const second = db.em;
  second.create(Author, { name: 'B', email: 'same@example.com' });
  let failed = false;
  await second.flush().catch(() => (failed = true));
  assert.ok(failed, 'duplicate email refused');
});

test('health reports version, connections and a pool of 50', async ({ db }) => {
  const health = await db.healthCheck();
  assert.is(health.status, 'pass');
  assert.type(health.checks['database:version']![0].observedValue, 'string');
  assert.ok(health.checks['database:connections']![0].observedValue!.current >= 1);
  assert.is(health.checks['database:pool']![0].observedValue!.max, 50);
});

test('queries are counted by the monitor', async ({ db }) => {
  const before = db.monitor.snapshot().byKind.select.count;
  await db.em.find(Author, {});
  assert.is(db.monitor.snapshot().byKind.select.count, before + 1);
});

test.run();
