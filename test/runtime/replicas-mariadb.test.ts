import * as assert from 'uvu/assert';
import { raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { DatabaseManager } from '../../runtime/manager.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { Author, MODELS } from '../support/models.ts';
import { suiteUnless } from '../support/optional-suite.ts';
import { eventually } from '../support/eventually.ts';
import { mariadbReplicaUnavailable, startMariaDbPair, type MariaDbPair } from '../support/mariadb-replica.ts';

interface Context {
  pair: MariaDbPair;
  db: DatabaseManager;
  logger: ReturnType<typeof captureLogger>;
  database: string;
}

const unavailable = mariadbReplicaUnavailable();
const test = suiteUnless<Context>('read replicas [mariadb primary and replica]', unavailable, {} as Context);
let sequence = 0;

/** The server a query-builder read outside a transaction reaches: 2 is the replica, 1 the primary. */
async function serverIdOfRead(db: DatabaseManager): Promise<number> {
  const qb = (db.em as SqlEntityManager).createQueryBuilder(Author).select(raw('@@server_id as id, count(*) as n'));
  const [row] = (await qb.execute('all', false)) as unknown as { id: number }[];
  return Number(row!.id);
}

test.before(async context => {
  if (unavailable) return;
  context.pair = await startMariaDbPair();
});

test.after(async context => {
  await context.pair?.remove();
});

test.before.each(async context => {
  if (unavailable) return;
  context.database = `farm_replica_${++sequence}`;
  const { pair, database } = context;
  await pair.query('primary', `create database ${database}`);
  const primary = { type: 'mysql', url: pair.primaryUrl(database), schema: 'update', retry: { attempts: 1 } } as const;
  const setup = new DatabaseManager(primary, { logger: captureLogger() });
  await setup.registerModels(MODELS).initialize();
  await setup.shutdown();
  await pair.caughtUp();
  context.logger = captureLogger();
  context.db = new DatabaseManager(
    { type: 'mysql', url: pair.primaryUrl(database), replicas: [pair.replicaUrl(database)], retry: { attempts: 1 } },
    { logger: context.logger },
  ).registerModels(MODELS);
  await context.db.initialize();
});

test.after.each(async context => {
  await context.db?.shutdown();
  await context.pair?.query('primary', `drop database if exists ${context.database}`);
});

test('a read outside a transaction runs on the replica; a transaction and its writes on the primary', async ({ db, pair }) => {
  assert.is(await serverIdOfRead(db), 2);
  const inTransaction = await db.transaction(async em => {
    em.create(Author, { name: 'Ada', email: 'ada@example.com' });
    await em.flush();
    const [row] = (await em.getConnection().execute('select @@server_id as id', [], 'all', em.getTransactionContext())) as { id: number }[];
    return Number(row!.id);
  });
  assert.is(inTransaction, 1);
  await pair.caughtUp();
  assert.is((await db.em.findOne(Author, { email: 'ada@example.com' }))?.name, 'Ada');
  assert.is(db.replicas[0]!.reads, 2);
});

test("healthCheck reports the replica's Seconds_Behind_Master", async ({ db, pair }) => {
  const health = await db.healthCheck();
  assert.is(health.status, 'pass');
  assert.is(health.checks['replicas:responseTime']![0]!.componentId, `127.0.0.1:${pair.replicaPort}`);
  const [lag] = health.checks['replicas:lag']!;
  assert.is(lag!.status, 'pass', lag!.output);
  assert.ok(typeof lag!.observedValue === 'number' && lag!.observedValue >= 0, `lag ${lag!.observedValue}`);
});

test('a stopped replica leaves rotation without failing a read, and comes back when it restarts', async ({ db, pair, logger }) => {
  await db.transaction(async em => {
    em.create(Author, { name: 'Grace', email: 'grace@example.com' });
  });
  await pair.caughtUp();
  await pair.stopReplica();
  try {
    assert.is((await db.em.findOne(Author, { email: 'grace@example.com' }))?.name, 'Grace');
    assert.is(db.replicas[0]!.inRotation, false);
    assert.is(db.replicas[0]!.failovers, 1);
    assert.is(await serverIdOfRead(db), 1, 'reads go to the primary meanwhile');
    assert.is((await db.healthCheck()).status, 'warn');
  } finally {
    await pair.startReplica();
  }
  await eventually(async () => (await db.healthCheck()).status === 'pass', 'the health check passing again');
  assert.ok(logger.entries.some(entry => entry.details.event === 'replica_back'));
  assert.is(await serverIdOfRead(db), 2, 'reads go to the replica again');
});

test.run();
