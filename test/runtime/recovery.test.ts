import { setTimeout as sleep } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { SERVER_TARGETS } from '../support/databases.ts';
import { Author } from '../support/models.ts';
import { databaseSuite } from '../support/suite.ts';

for (const target of SERVER_TARGETS) {
  const test = databaseSuite('recovery from connections killed by the server', target, { pool: { max: 4 } });

  test('keeps working after every pooled connection is killed, with no unhandled rejection', async ({ db, database }) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    try {
      // Fill the pool so there are idle connections to kill.
      await Promise.all(Array.from({ length: 4 }, (_, i) => db.transaction(async em => {
        em.create(Author, { name: `A${i}`, email: `a${i}@example.com` });
        await sleep(50);
      })));
      const killed = await database.killConnections();
      assert.ok(killed >= 1, `killed ${killed} connections`);
      await sleep(200); // let the driver notice the closed sockets

      await db.transaction(async em => {
        em.create(Author, { name: 'After', email: 'after@example.com' });
      });
      assert.is(await db.em.count(Author, {}), 5);
      assert.is((await db.healthCheck()).status, 'pass');
      assert.equal(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
    }
  });

  test.run();
}

for (const target of SERVER_TARGETS) {
  const test = databaseSuite('recovery from connections killed mid-transaction', target, { pool: { max: 2, acquireTimeoutMs: 3000 } });

  test('a connection killed inside a transaction fails that transaction and frees its pool slot', async ({ db, database }) => {
    // Both pool connections are inside transactions when the server kills them.
    const doomed = Array.from({ length: 2 }, (_, i) =>
      db.transaction(async em => {
        await em.getConnection().execute('select 1');
        await sleep(300);
        em.create(Author, { name: `Doomed${i}`, email: `doomed${i}@example.com` });
      }).then(() => 'committed', () => 'failed'),
    );
    await sleep(100);
    assert.ok((await database.killConnections()) >= 2, 'both connections were killed');
    assert.equal(await Promise.all(doomed), ['failed', 'failed']);
    await sleep(100);

    // With leaked slots these would wait for a free connection until acquireTimeoutMs.
    await Promise.all(Array.from({ length: 2 }, (_, i) => db.transaction(async em => {
      em.create(Author, { name: `Fresh${i}`, email: `fresh${i}@example.com` });
    })));
    assert.is(await db.em.count(Author, {}), 2);
    const pool = db.monitor.snapshot().pool!;
    assert.ok(pool.size <= 2 && pool.busy === 0, `pool after recovery: ${JSON.stringify(pool)}`);
  });

  test.run();
}
