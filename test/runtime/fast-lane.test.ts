import { randomUUID } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseManager } from '../../runtime/manager.ts';
import { FarmRuntimeError } from '../../runtime/errors.ts';
import type { FastLaneDatabase } from '../../runtime/fast-lane.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { Author, MODELS } from '../support/models.ts';
import { databaseSuite, openManager } from '../support/suite.ts';

type Typed = DatabaseManager<FastLaneDatabase<(typeof MODELS)[number]>>;

// Rows as drivers return them (node:sqlite's have no prototype), for deep equality.
const plain = <T extends object>(rows: T[]) => rows.map(row => ({ ...row }));

for (const target of SQL_TARGETS) {
  // The fast lane passes values to the driver as they are: MikroORM keeps SQLite datetimes as epoch milliseconds.
  const now = (target.name === 'sqlite' ? Date.now() : new Date()) as Date;
  const authorRow = (name: string) => ({ id: randomUUID(), name, email: `${name.toLowerCase()}@example.com`, created_at: now, updated_at: now });
  const test = databaseSuite('fast lane (db.kysely)', target);

  test('selects rows the ORM wrote, typed from the models', async context => {
    const db = context.db as Typed;
    const em = db.em;
    em.create(Author, { name: 'Ada', email: 'ada@example.com' });
    await em.flush();
    const row = await db.kysely.selectFrom('author').select(['name', 'email']).where('name', '=', 'Ada').executeTakeFirstOrThrow();
    assert.equal({ ...row }, { name: 'Ada', email: 'ada@example.com' });
    // @ts-expect-error: the model has no such column, so the typed fast lane does not compile it
    db.kysely.selectFrom('author').select('no_such_column');
  });

  test('inserts rows the ORM then finds', async context => {
    const db = context.db as Typed;
    await db.kysely.insertInto('author').values(authorRow('Grace')).execute();
    const found = await db.em.findOne(Author, { name: 'Grace' });
    assert.is(found?.email, 'grace@example.com');
  });

  test('inside db.transaction it runs in that transaction: it sees the ORM writes not yet committed', async context => {
    const db = context.db as Typed;
    const seen = await db.transaction(async em => {
      em.create(Author, { name: 'Inside', email: 'inside@example.com' });
      await em.flush();
      return db.kysely.selectFrom('author').select('name').execute();
    });
    assert.equal(plain(seen), [{ name: 'Inside' }]);
  });

  test('a transaction that throws rolls back the fast-lane writes made in it', async context => {
    const db = context.db as Typed;
    const boom = new Error('boom');
    try {
      await db.transaction(async () => {
        await db.kysely.insertInto('author').values(authorRow('Rolled')).execute();
        throw boom;
      });
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.is(error, boom);
    }
    assert.is(await db.em.count(Author, {}), 0);
  });

  test('a savepoint that throws undoes only its own fast-lane writes', async context => {
    const db = context.db as Typed;
    await db.transaction(async () => {
      await db.kysely.insertInto('author').values(authorRow('Outer')).execute();
      await db
        .transaction(async () => {
          await db.kysely.insertInto('author').values(authorRow('Inner')).execute();
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    assert.equal(plain(await db.kysely.selectFrom('author').select('name').execute()), [{ name: 'Outer' }]);
  });

  test('the monitor counts fast-lane queries by kind', async context => {
    const db = context.db as Typed;
    const before = db.monitor.snapshot().byKind;
    await db.kysely.insertInto('author').values(authorRow('Counted')).execute();
    await db.kysely.selectFrom('author').selectAll().execute();
    await db.kysely.updateTable('author').set({ name: 'Recounted' }).execute();
    const after = db.monitor.snapshot().byKind;
    assert.is(after.insert.count - before.insert.count, 1);
    assert.is(after.select.count - before.select.count, 1);
    assert.is(after.update.count - before.update.count, 1);
  });

  test('a failing fast-lane query is counted as an error and rethrown', async context => {
    const db = context.db as Typed;
    await db.kysely.insertInto('author').values(authorRow('Once')).execute();
    const before = db.monitor.snapshot().byKind.insert.errors;
    const duplicate = { ...authorRow('Once'), email: 'once@example.com' };
    await db.kysely.insertInto('author').values(duplicate).execute().then(
      () => assert.unreachable('a duplicate email should fail'),
      () => undefined,
    );
    assert.is(db.monitor.snapshot().byKind.insert.errors - before, 1);
  });

  test("Kysely's own transactions are refused, so none runs outside farm-db's", async context => {
    const db = context.db as Typed;
    const attempt = db.kysely.transaction().execute(async trx => trx.selectFrom('author').selectAll().execute());
    await attempt.then(
      () => assert.unreachable('should have been refused'),
      error => assert.instance(error, FarmRuntimeError),
    );
    await db.transaction(async () => {
      assert.throws(() => db.kysely.transaction(), /not supported/);
    });
  });

  test('fast-lane queries over the threshold are logged as slow queries', async context => {
    const { db, logger } = await openManager(context.database, { slowQueryMs: 0 });
    try {
      await (db as Typed).kysely.selectFrom('author').selectAll().execute();
      const slow = logger.entries.filter(entry => entry.details.event === 'slow_query');
      assert.ok(slow.some(entry => String(entry.details.sql).includes('author')), 'a slow_query warning names the fast-lane select');
    } finally {
      await db.shutdown();
    }
  });

  test.run();
}

const mongodb = suite('fast lane on MongoDB');

mongodb('db.kysely says the fast lane is SQL-only', async () => {
  const db = new DatabaseManager({ type: 'mongodb', url: 'mongodb://127.0.0.1:1/app' }, { offline: true, env: {} });
  db.registerModels(MODELS);
  await db.initialize();
  try {
    assert.throws(() => db.kysely, /SQL-only/);
  } finally {
    await db.shutdown();
  }
});

mongodb('registerModels([...]) types the fast lane from the models it is given', () => {
  const db = new DatabaseManager({ type: 'sqlite', url: 'sqlite::memory:' }).registerModels(MODELS);
  // Only compiled (npm test type-checks first): the lane needs an initialized manager to run.
  const queries = () => {
    db.kysely.selectFrom('book').select(['title', 'pages', 'author_id']);
    // @ts-expect-error: there is no such table among the models
    db.kysely.selectFrom('publisher');
  };
  assert.type(queries, 'function');
});

mongodb.run();
