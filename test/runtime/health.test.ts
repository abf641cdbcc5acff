import { setTimeout as sleep } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { suite } from 'uvu';
import { DatabaseManager } from '../../runtime/manager.ts';
import { DatabaseConnectionError } from '../../runtime/errors.ts';
import { probeHealth } from '../../runtime/health.ts';
import type { ProviderSession } from '../../runtime/providers/provider.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { SERVER_TARGETS, SQL_TARGETS, PG_URL, MARIADB_URL, type TestTarget } from '../support/databases.ts';
import { MODELS } from '../support/models.ts';
import { peakCheckouts } from '../support/pool-checkouts.ts';
import { databaseSuite, openManager } from '../support/suite.ts';
import { closedPort, startProxy } from '../support/tcp-proxy.ts';

for (const target of SQL_TARGETS) {
  const test = databaseSuite('health check', target);

  test('passes with latency, pool and the real server version', async ({ db }) => {
    const health = await db.healthCheck();
    assert.is(health.status, 'pass');
    const [latency] = health.checks['database:responseTime'];
    assert.is(latency.status, 'pass');
    assert.ok(typeof latency.observedValue === 'number' && latency.observedValue >= 0);
    assert.is(latency.observedUnit, 'ms');
    const [row] = (await db.em.getConnection().execute(target.versionSql)) as Record<string, unknown>[];
    assert.is(health.checks['database:version']![0].observedValue, String(Object.values(row!)[0]));
    const pool = health.checks['database:pool']![0].observedValue!;
    for (const key of ['max', 'size', 'idle', 'busy', 'waiting'] as const) assert.type(pool[key], 'number', key);
    assert.is(pool.busy + pool.idle, pool.size);
  });

  test('health probes are not counted as application queries', async ({ db }) => {
    const before = db.monitor.snapshot().total.count;
    await db.healthCheck();
    assert.is(db.monitor.snapshot().total.count, before);
  });

  test.run();
}

for (const target of SERVER_TARGETS) {
  const test = databaseSuite('health check', target);

  test('reports server-side connections including our own', async ({ db }) => {
    await db.em.getConnection().execute('select 1');
    const [connections] = (await db.healthCheck()).checks['database:connections']!;
    assert.is(connections.status, 'pass');
    assert.ok(connections.observedValue!.current >= 1, 'at least this process is connected');
    assert.ok(connections.observedValue!.max! >= connections.observedValue!.current);
  });

  test('a health check holds one connection at a time, and checks at the same moment share it', async ({ db }) => {
    assert.is(await peakCheckouts(db, () => db.healthCheck()), 1, 'one check');
    assert.is(await peakCheckouts(db, () => Promise.all([db.healthCheck(), db.healthCheck(), db.healthCheck()])), 1, 'three at once');
  });

  test('a server that goes away yields fail with the error text, without throwing', async () => {
    const upstream = new URL(target.name === 'postgresql' ? PG_URL : MARIADB_URL);
    const proxy = await startProxy(Number(upstream.port));
    const database = await target.create();
    const url = new URL(String(database.config.url));
    url.port = String(proxy.port);
    const { db } = await openManager(database, { url: url.toString() });
    try {
      assert.is((await db.healthCheck()).status, 'pass');
      await proxy.cut();
      const health = await db.healthCheck();
      assert.is(health.status, 'fail');
      assert.ok(health.output && health.output.length > 0, `error text given: ${health.output}`);
      assert.is(health.checks['database:responseTime'][0].status, 'fail');
    } finally {
      await db.shutdown();
      await database.drop();
    }
  });

  test.run();
}

const timing = suite('health probe timing (queries replaced by timers)');

/** A probe whose ping answers at once and whose version and connection queries take `ms` each. */
function slowProbe(ms: number) {
  const session = {
    poolStats: () => null,
    serverVersion: () => sleep(ms).then(() => '1.0'),
    serverConnections: () => sleep(ms).then(() => ({ current: 1, max: 10 })),
  } as unknown as ProviderSession;
  return { componentId: 'test', label: 'Test', ping: async () => undefined, session };
}

timing('queries that fit the timeout together all pass', async () => {
  const health = await probeHealth(slowProbe(50), 1000);
  assert.is(health.status, 'pass');
});

timing('the timeout bounds the whole probe: a query the earlier ones left no time for is warn', async () => {
  const health = await probeHealth(slowProbe(250), 400);
  assert.is(health.checks['database:version']![0].status, 'pass');
  const [connections] = health.checks['database:connections']!;
  assert.is(connections.status, 'warn');
  assert.is(connections.output, 'connection count timed out');
  assert.is(health.status, 'warn');
});

timing.run();

const unreachable = suite('unreachable database');

async function managerOnClosedPort(target: TestTarget) {
  const port = await closedPort();
  const url = new URL(target.name === 'postgresql' ? PG_URL : MARIADB_URL);
  url.port = String(port);
  const logger = captureLogger();
  const type = target.name === 'postgresql' ? 'postgresql' : 'mysql';
  const db = new DatabaseManager({ type, url: url.toString(), retry: { attempts: 2, delayMs: 10 } }, { logger });
  db.registerModels(MODELS);
  return { db, port, logger };
}

for (const target of SERVER_TARGETS) {
  unreachable(`${target.name}: initialize fails naming host:port and the cause, after retrying`, async () => {
    const { db, port, logger } = await managerOnClosedPort(target);
    try {
      await db.initialize();
      assert.unreachable('initialize should fail');
    } catch (error) {
      assert.instance(error, DatabaseConnectionError);
      const message = (error as Error).message;
      assert.match(message, `127.0.0.1:${port}`);
      assert.match(message, /ECONNREFUSED/);
      assert.match(message, 'after 2 attempts');
    }
    assert.is(logger.entries.filter(e => e.details.event === 'connect_retry').length, 1, 'one retry was logged');
  });

  unreachable(`${target.name}: health on a closed port is fail and does not throw`, async () => {
    const { db } = await managerOnClosedPort(target);
    await db.initialize().catch(() => undefined);
    const health = await db.healthCheck();
    assert.is(health.status, 'fail');
    assert.match(String(health.output), 'not initialized');
  });
}

unreachable.run();
