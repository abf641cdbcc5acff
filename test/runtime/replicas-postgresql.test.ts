import * as assert from 'uvu/assert';
import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { DatabaseManager } from '../../runtime/manager.ts';
import { createMetrics } from '../../dashboard/metrics.ts';
import { DashboardSampler } from '../../dashboard/state.ts';
import { serveDashboard } from '../../dashboard/server.ts';
import { launchChromium } from '../support/browser.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { postgresTarget, type TestDatabase } from '../support/databases.ts';
import { Author, MODELS } from '../support/models.ts';
import { suiteUnless } from '../support/optional-suite.ts';
import { eventually } from '../support/eventually.ts';
import { replicaUnavailable, startPgReplica, type PgReplica } from '../support/pg-replica.ts';

interface Context {
  replica: PgReplica;
  database: TestDatabase;
  db: DatabaseManager;
  logger: ReturnType<typeof captureLogger>;
}

const unavailable = await replicaUnavailable();
const test = suiteUnless<Context>('read replicas [postgresql streaming replica]', unavailable, {} as Context);

/** What server a query-builder read outside a transaction reaches: true on the replica (a standby is in recovery). */
async function readReachesStandby(db: DatabaseManager): Promise<boolean> {
  // An aggregate answers one row, also on an empty table.
  const qb = (db.em as SqlEntityManager).createQueryBuilder(Author).select(raw('pg_is_in_recovery() as standby, count(*) as n'));
  const [row] = (await qb.execute('all', false)) as unknown as { standby: boolean }[];
  return row!.standby;
}

test.before(async context => {
  if (unavailable) return;
  context.replica = await startPgReplica();
});

test.after(async context => {
  await context.replica?.remove();
});

test.before.each(async context => {
  if (unavailable) return;
  // The tables are made on the primary; the manager starts once the replica has them too.
  context.database = await postgresTarget.create({ retry: { attempts: 1 } });
  const name = new URL(context.database.config.url as string).pathname.slice(1);
  const setup = new DatabaseManager({ ...context.database.config }, { logger: captureLogger() }).registerModels(MODELS);
  await setup.initialize();
  await setup.shutdown();
  await context.replica.caughtUp();
  context.logger = captureLogger();
  context.db = new DatabaseManager(
    { ...context.database.config, schema: 'none', replicas: [context.replica.url(name)] },
    { logger: context.logger },
  ).registerModels(MODELS);
  await context.db.initialize();
});

test.after.each(async context => {
  await context.db?.shutdown();
  await context.database?.drop();
});

test('a read outside a transaction runs on the replica', async ({ db, replica, database }) => {
  assert.ok(await readReachesStandby(db), 'the read reached a server that is not in recovery');
  const name = new URL(database.config.url as string).pathname.slice(1);
  const scans = async () =>
    Number(
      (await replica.query<{ n: string }>(
        name,
        "select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) as n from pg_stat_user_tables where relname = 'author'",
      ))[0]!.n,
    );
  const before = await scans();
  const readsBefore = db.replicas[0]!.reads;
  await db.em.find(Author, {});
  assert.is(db.replicas[0]!.reads, readsBefore + 1);
  // The replica's own statistics count the scan (they are flushed about once a second).
  await eventually(async () => (await scans()) > before, "the replica's statistics counting the read");
});

test('writes and transactions go to the primary, and the write reaches the replica', async ({ db }) => {
  const inTransaction = await db.transaction(async em => {
    em.create(Author, { name: 'Ada', email: 'ada@example.com' });
    await em.flush(); // a standby refuses writes: this passing proves the primary took it
    const rows = (await em.getConnection().execute('select pg_is_in_recovery() as standby', [], 'all', em.getTransactionContext())) as {
      standby: boolean;
    }[];
    const found = await em.findOne(Author, { email: 'ada@example.com' });
    return { standby: rows[0]!.standby, found: found?.name };
  });
  assert.equal(inTransaction, { standby: false, found: 'Ada' });
  await eventually(async () => (await db.em.findOne(Author, { email: 'ada@example.com' })) !== null, 'the write showing on the replica');
  assert.ok(await readReachesStandby(db));
});

test("healthCheck reports the replica's latency and replication lag", async ({ db, replica }) => {
  const health = await db.healthCheck();
  assert.is(health.status, 'pass');
  const [latency] = health.checks['replicas:responseTime']!;
  assert.is(latency!.componentId, `127.0.0.1:${replica.port}`);
  assert.is(latency!.status, 'pass');
  assert.type(latency!.observedValue, 'number');
  const [lag] = health.checks['replicas:lag']!;
  assert.is(lag!.status, 'pass', lag!.output);
  assert.is(lag!.observedUnit, 's');
  assert.ok(typeof lag!.observedValue === 'number' && lag!.observedValue >= 0, `lag ${lag!.observedValue}`);
});

test("a replica that lags shows its lag, and farm-db's own readers use the primary", async ({ db, replica, database }) => {
  const name = new URL(database.config.url as string).pathname.slice(1);
  await replica.query(name, 'select pg_wal_replay_pause()');
  try {
    await db.transaction(async em => {
      em.create(Author, { name: 'Ada', email: 'ada@example.com' });
    });
    await new Promise(resolve => setTimeout(resolve, 1100)); // lag is reported in seconds since the last replayed commit
    assert.is(await db.em.count(Author), 0, 'the paused replica has not replayed the write');
    assert.is(await db.transferSource().count(db.orm.getMetadata(Author)), 1, 'a transfer counts on the primary');
    assert.equal(await db.migrationHistory(), [], 'the migrations backend works through the primary-only scope');
    const [lag] = (await db.healthCheck()).checks['replicas:lag']!;
    assert.ok(lag!.observedValue! >= 1, `lag ${lag!.observedValue}`);
  } finally {
    await replica.query(name, 'select pg_wal_replay_resume()');
  }
  await eventually(async () => (await db.em.count(Author)) === 1, 'the replica replaying the write once resumed');
});

test('/metrics and the dashboard state show each replica', async ({ db, replica }) => {
  const metrics = createMetrics(db);
  try {
    await db.em.find(Author, {});
    const text = await metrics.registry.metrics();
    const label = `replica="127.0.0.1:${replica.port}"`;
    assert.match(text, `farm_db_replica_up{${label}} 1`);
    assert.match(text, new RegExp(`farm_db_replica_lag_seconds\\{${label}\\} \\d`));
    assert.match(text, new RegExp(`farm_db_replica_response_time_seconds\\{${label}\\} \\d`));
    assert.match(text, new RegExp(`farm_db_replica_reads_total\\{${label}\\} [1-9]`));
  } finally {
    metrics.close();
  }
  const sampler = new DashboardSampler(db);
  try {
    const state = await sampler.sample();
    assert.is(state.replicas.length, 1);
    assert.is(state.replicas[0]!.name, `127.0.0.1:${replica.port}`);
    assert.is(state.replicas[0]!.inRotation, true);
    assert.type(state.replicas[0]!.lagSeconds, 'number');
  } finally {
    await sampler.close();
  }
});

test('the dashboard page shows the replicas in rotation and the largest lag', async ({ db }) => {
  const served = await serveDashboard(db, { port: 0, intervalMs: 250 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(served.url);
    // (Page-side code is given as text: this file is typechecked without the DOM library.)
    await page.waitForFunction("/^1 \\/ 1 · \\d+(\\.\\d+)? s$/.test(document.getElementById('replicas').textContent)");
    assert.is(await page.evaluate('document.getElementById("replicas-tile").hidden'), false);
  } finally {
    await browser.close();
    await served.close();
  }
});

test('a stopped replica leaves rotation without failing a read, and comes back when it restarts', async ({ db, replica, logger }) => {
  await db.transaction(async em => {
    em.create(Author, { name: 'Grace', email: 'grace@example.com' });
  });
  await replica.caughtUp();
  await replica.stop();
  try {
    // The first read finds the replica gone: it runs again on the primary and the replica leaves rotation.
    const found = await db.em.findOne(Author, { email: 'grace@example.com' });
    assert.is(found?.name, 'Grace');
    assert.is(db.replicas[0]!.inRotation, false);
    assert.is(db.replicas[0]!.failovers, 1);
    assert.ok(logger.entries.some(entry => entry.details.event === 'replica_out'), 'a replica_out warning');
    assert.is(await readReachesStandby(db), false, 'reads go to the primary meanwhile');
    const health = await db.healthCheck();
    assert.is(health.status, 'warn');
    assert.is(health.checks['replicas:responseTime']![0]!.status, 'fail');
    assert.match(health.checks['replicas:responseTime']![0]!.output ?? '', 'out of rotation');
  } finally {
    await replica.start();
  }
  // The next probe (a health check here; every replicaProbeIntervalMs in the background) brings it back.
  await eventually(async () => (await db.healthCheck()).status === 'pass', 'the health check passing again');
  assert.is(db.replicas[0]!.inRotation, true);
  assert.ok(logger.entries.some(entry => entry.details.event === 'replica_back'), 'a replica_back message');
  assert.ok(await readReachesStandby(db), 'reads go to the replica again');
});

test('the background probe takes a stopped replica out and brings it back without a health check', async ({ db, database, replica }) => {
  await db.shutdown(); // this test's manager probes every 200 ms
  const name = new URL(database.config.url as string).pathname.slice(1);
  const probing = new DatabaseManager(
    { ...database.config, schema: 'none', replicas: [replica.url(name)], replicaProbeIntervalMs: 200 },
    { logger: captureLogger() },
  ).registerModels(MODELS);
  await probing.initialize();
  try {
    await replica.stop();
    try {
      await eventually(async () => !probing.replicas[0]!.inRotation, 'the replica leaving rotation');
      assert.is(probing.replicas[0]!.failovers, 0, 'no read was needed to notice');
    } finally {
      await replica.start();
    }
    await eventually(async () => probing.replicas[0]!.inRotation, 'the replica coming back');
    assert.ok(await readReachesStandby(probing));
  } finally {
    await probing.shutdown();
  }
});

test.run();
