import { setTimeout as sleep } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { SERVER_TARGETS, sqliteTarget } from '../support/databases.ts';
import { databaseSuite } from '../support/suite.ts';
import { sql } from '../support/sql.ts';

const HOLD_MS = 200;

/** Runs `count` transactions at once, each holding its connection for HOLD_MS. */
async function holdConnections(db: import('../../runtime/manager.ts').DatabaseManager, count: number) {
  let maxBusy = 0;
  let sawWaiting = false;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, () =>
      db.transaction(async em => {
        await sql(em, 'select 1');
        const pool = db.monitor.snapshot().pool!;
        maxBusy = Math.max(maxBusy, pool.busy);
        sawWaiting ||= pool.waiting > 0;
        await sleep(HOLD_MS);
      }),
    ),
  );
  return { elapsed: performance.now() - started, maxBusy, sawWaiting };
}

for (const target of SERVER_TARGETS) {
  const test = databaseSuite('connection pool', target, { pool: { max: 5 } });

  test('12 concurrent 200 ms transactions on a pool of 5 run in at least three waves', async ({ db }) => {
    const { elapsed, maxBusy, sawWaiting } = await holdConnections(db, 12);
    assert.ok(elapsed >= 3 * HOLD_MS - 10, `took ${elapsed.toFixed(0)} ms, three waves need ${3 * HOLD_MS}`);
    assert.ok(maxBusy <= 5, `the pool lent ${maxBusy} connections at once`);
    assert.ok(sawWaiting, 'callers queued for a connection');
  });

  test('the server never sees more than 5 connections from a pool of 5', async ({ db, database }) => {
    let peak = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        peak = Math.max(peak, await database.serverConnections());
        await sleep(15);
      }
    })();
    await holdConnections(db, 12);
    polling = false;
    await poller;
    assert.ok(peak >= 1, 'the poller saw the pool connections');
    assert.ok(peak <= 5, `the server saw ${peak} connections`);
  });

  test('pool settings from the config reach the driver pool', async ({ db }) => {
    const health = await db.healthCheck();
    assert.is(health.checks['database:pool']![0].observedValue!.max, 5);
  });

  test.run();
}

const sqlite = databaseSuite('connection pool', sqliteTarget);

sqlite('a pool of one serializes concurrent transactions', async ({ db }) => {
  const { elapsed, maxBusy, sawWaiting } = await holdConnections(db, 4);
  assert.ok(elapsed >= 4 * HOLD_MS - 10, `took ${elapsed.toFixed(0)} ms`);
  assert.is(maxBusy, 1);
  assert.ok(sawWaiting, 'callers queued for the connection');
});

sqlite.run();
