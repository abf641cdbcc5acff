import * as assert from 'uvu/assert';
import { SQL_TARGETS } from '../support/databases.ts';
import { Author } from '../support/models.ts';
import { databaseSuite } from '../support/suite.ts';

const author = (name: string) => ({ name, email: `${name.toLowerCase()}@example.com` });

for (const target of SQL_TARGETS) {
  const test = databaseSuite('transactions', target);

  test('commits when the function returns', async ({ db }) => {
    await db.transaction(async em => {
      em.create(Author, author('Ada'));
    });
    assert.is(await db.em.count(Author, {}), 1);
  });

  test('returns what the function returns', async ({ db }) => {
    const value = await db.transaction(async () => 42);
    assert.is(value, 42);
  });

  test('rolls back flushed writes and rethrows when the function throws', async ({ db }) => {
    const boom = new Error('boom');
    try {
      await db.transaction(async em => {
        em.create(Author, author('Ada'));
        await em.flush();
        throw boom;
      });
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.is(error, boom);
    }
    assert.is(await db.em.count(Author, {}), 0);
  });

  test('a nested transaction that throws rolls back only its savepoint', async ({ db }) => {
    await db.transaction(async em => {
      em.create(Author, author('Outer'));
      await em.flush();
      try {
        await db.transaction(async inner => {
          inner.create(Author, author('Inner'));
          await inner.flush();
          throw new Error('inner fails');
        });
      } catch {
        // the outer transaction carries on
      }
    });
    const names = (await db.em.find(Author, {})).map(a => a.name);
    assert.equal(names, ['Outer']);
  });

  test('a nested transaction commits with the outer one', async ({ db }) => {
    await db.transaction(async em => {
      em.create(Author, author('Outer'));
      await db.transaction(async inner => {
        inner.create(Author, author('Inner'));
      });
    });
    assert.is(await db.em.count(Author, {}), 2);
  });

  test('an outer rollback undoes a committed nested savepoint', async ({ db }) => {
    try {
      await db.transaction(async () => {
        await db.transaction(async inner => {
          inner.create(Author, author('Inner'));
        });
        throw new Error('outer fails');
      });
    } catch {
      // expected
    }
    assert.is(await db.em.count(Author, {}), 0);
  });

  test("nested: 'join' shares the outer transaction: its failure, uncaught, rolls back both", async ({ db }) => {
    try {
      await db.transaction(async em => {
        em.create(Author, author('Outer'));
        await em.flush();
        await db.transaction(
          async inner => {
            assert.is(inner, em, 'the joined transaction hands out the same EntityManager');
            inner.create(Author, author('Inner'));
            await inner.flush();
            throw new Error('inner fails');
          },
          { nested: 'join' },
        );
      });
    } catch {
      // expected
    }
    assert.is(await db.em.count(Author, {}), 0);
  });

  test('db.em inside a transaction is that transaction', async ({ db }) => {
    await db.transaction(async em => {
      assert.is(db.em, em);
    });
  });

  test('an isolation level is applied to the outermost transaction', async ({ db }) => {
    const count = await db.transaction(async em => em.count(Author, {}), { isolationLevel: 'serializable' });
    assert.is(count, 0);
  });

  test.run();
}
