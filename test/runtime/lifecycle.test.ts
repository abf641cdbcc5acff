import { setTimeout as sleep } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { DatabaseManager } from '../../runtime/manager.ts';
import { FarmRuntimeError } from '../../runtime/errors.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { Author, Book } from '../support/models.ts';
import { databaseSuite, openManager } from '../support/suite.ts';

for (const target of SQL_TARGETS) {
  const test = databaseSuite('lifecycle', target);

  test('initialize twice is a no-op', async ({ db }) => {
    await db.initialize();
    assert.ok(db.isReady);
  });

  test('registering a model after initialize fails naming the model', async ({ db }) => {
    const Late = { ...Book, meta: { ...Book.meta, className: 'LateModel' } } as unknown as typeof Book;
    assert.throws(() => db.registerModel(Late), /cannot register model LateModel: the database is already initialized/);
  });

  test('shutdown is idempotent', async ({ db }) => {
    const first = db.shutdown();
    const second = db.shutdown();
    assert.is(first, second);
    await first;
    await db.shutdown();
  });

  test('calls after shutdown fail clearly, and health reports fail', async ({ db }) => {
    await db.shutdown();
    try {
      await db.transaction(async () => undefined);
      assert.unreachable('transaction after shutdown should throw');
    } catch (error) {
      assert.instance(error, FarmRuntimeError);
      assert.match((error as Error).message, 'has been shut down');
    }
    try {
      await db.initialize();
      assert.unreachable('initialize after shutdown should throw');
    } catch (error) {
      assert.match((error as Error).message, 'has been shut down');
    }
    const health = await db.healthCheck();
    assert.is(health.status, 'fail');
    assert.match(String(health.output), 'shut down');
  });

  test('shutdown waits for an in-flight transaction to commit', async ({ db, database }) => {
    const running = db.transaction(async em => {
      await sleep(300);
      em.create(Author, { name: 'Late', email: 'late@example.com' });
    });
    await sleep(20);
    await db.shutdown();
    await running;
    const { db: reopened } = await openManager(database);
    try {
      assert.is(await reopened.em.count(Author, {}), 1);
    } finally {
      await reopened.shutdown();
    }
  });

  test('shutdown stops waiting after shutdownTimeoutMs and says so', async ({ database }) => {
    const { db, logger } = await openManager(database, { shutdownTimeoutMs: 100 });
    const running = db.transaction(async () => sleep(1000)).catch(error => error);
    await sleep(20);
    const started = performance.now();
    await db.shutdown();
    assert.ok(performance.now() - started < 900, 'did not wait for the whole transaction');
    assert.ok(logger.entries.some(e => e.details.event === 'shutdown_timeout'));
    assert.instance(await running, Error, 'the cut-off transaction fails rather than hanging');
  });

  test.run();
}

const { test } = await import('uvu');

test('a model registered twice is kept once', () => {
  const db = new DatabaseManager({ type: 'sqlite', url: ':memory:' });
  db.registerModel(Author).registerModel(Author).registerModel(Book);
  assert.equal(db.modelNames, ['Author', 'Book']);
});

test('using the ORM before initialize fails with the fix', () => {
  const db = new DatabaseManager({ type: 'sqlite', url: ':memory:' });
  assert.throws(() => db.orm, /await db.initialize\(\) first/);
});

test.run();

const sqliteOnly = databaseSuite('SQLite single connection', SQL_TARGETS[0]!, { pool: { acquireTimeoutMs: 200 } });

sqliteOnly('a query outside the running transaction fails after acquireTimeoutMs instead of hanging', async ({ db }) => {
  try {
    await db.transaction(async () => {
      await db.orm.em.fork().getConnection().execute('select 1');
    });
    assert.unreachable('should time out');
  } catch (error) {
    assert.match((error as Error).message, 'waited 200 ms for the SQLite connection');
    assert.match((error as Error).message, 'through the em it passes you');
  }
  assert.is((await db.healthCheck()).status, 'pass', 'the connection is usable afterwards');
});

sqliteOnly.run();

const concurrency = databaseSuite('lifecycle edges', SQL_TARGETS[0]!);

concurrency('a transaction after shutdown rejects rather than throwing synchronously', async ({ db }) => {
  await db.shutdown();
  const outcome = await db.transaction(async () => 'ran').then(
    () => 'resolved',
    () => 'rejected',
  );
  assert.is(outcome, 'rejected');
});

concurrency('concurrent initialize() calls share one start-up', async ({ database }) => {
  const db = new DatabaseManager({ ...database.config, retry: { attempts: 1 } });
  db.registerModel(Author).registerModel(Book);
  await Promise.all([db.initialize(), db.initialize()]);
  assert.ok(db.isReady);
  await db.shutdown();
});

concurrency('shutdown during initialize leaves nothing open and initialize reports it', async ({ database }) => {
  const db = new DatabaseManager({ ...database.config, retry: { attempts: 1 } });
  db.registerModel(Author).registerModel(Book);
  const starting = db.initialize().then(() => 'ready', (error: Error) => error.message);
  await db.shutdown();
  assert.match(String(await starting), 'has been shut down');
  assert.not.ok(db.isReady);
  assert.is((await db.healthCheck()).status, 'fail');
});

concurrency.run();

const fromProject = (await import('uvu')).suite('configuration found from a folder');

fromProject('{ configFrom } finds farm.config.ts upwards and resolves SQLite paths against its folder', async () => {
  const { mkdirSync, writeFileSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = (await import('../support/temp-dirs.ts')).tempDir('farm-project-');
  mkdirSync(join(root, 'src/database'), { recursive: true });
  const entry = new URL('../../index.ts', import.meta.url).pathname;
  writeFileSync(join(root, 'farm.config.ts'), `import { defineConfig } from '${entry}';\nexport default defineConfig({ database: { type: 'sqlite', url: 'file:./data/app.db', schema: 'update' } });\n`);
  const db = new DatabaseManager({ configFrom: join(root, 'src/database') });
  db.registerModels([Author, Book]);
  await db.initialize();
  try {
    assert.is(db.config.type, 'sqlite');
    assert.ok(existsSync(join(root, 'data/app.db')), 'the database file is beside farm.config.ts');
  } finally {
    await db.shutdown();
  }
});

fromProject.run();
