import * as assert from 'uvu/assert';
import { suite } from 'uvu';
import { DatabaseManager } from '../../runtime/manager.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { SERVER_TARGETS, type TestDatabase } from '../support/databases.ts';
import { Author, MODELS } from '../support/models.ts';
import { closedPort, startProxy } from '../support/tcp-proxy.ts';

/**
 * Rotation on both SQL servers, without real replication: a "replica" here is a port nothing
 * listens on, or a proxy to the primary's own server that the test cuts. (The PostgreSQL suite
 * replicas-postgresql.test.ts runs a real streaming replica.)
 */
const NOT_A_REPLICA: Record<string, string> = {
  postgresql: 'not in recovery',
  mariadb: 'no replication configured',
};

/** The test database's URL with another port. */
function onPort(database: TestDatabase, port: number): string {
  const url = new URL(database.config.url as string);
  url.port = String(port);
  return url.toString();
}

for (const target of SERVER_TARGETS) {
  const test = suite<{ database: TestDatabase; db?: DatabaseManager }>(`read replica rotation [${target.name}]`, {} as never);

  test.before.each(async context => {
    context.database = await target.create({ retry: { attempts: 1 } });
    const setup = new DatabaseManager(context.database.config, { logger: captureLogger() }).registerModels(MODELS);
    await setup.initialize();
    await setup.transaction(async em => {
      em.create(Author, { name: 'Ada', email: 'ada@example.com' });
    });
    await setup.shutdown();
  });

  test.after.each(async context => {
    await context.db?.shutdown();
    await context.database.drop();
  });

  const open = async (context: { database: TestDatabase; db?: DatabaseManager }, replicaPort: number) => {
    const logger = captureLogger();
    const replicas = [onPort(context.database, replicaPort)];
    const config = { ...context.database.config, schema: 'none' as const, retry: { attempts: 1 }, replicas };
    context.db = new DatabaseManager(config, { logger, healthTimeoutMs: 2000 }).registerModels(MODELS);
    await context.db.initialize();
    return { db: context.db, logger };
  };

  test('a replica that does not answer at start-up starts out of rotation, and reads go to the primary', async context => {
    const port = await closedPort();
    const { db, logger } = await open(context, port);
    assert.is(db.replicas[0]!.name, `127.0.0.1:${port}`);
    assert.is(db.replicas[0]!.inRotation, false);
    assert.ok(logger.entries.some(entry => entry.details.event === 'replica_out'));
    assert.is((await db.em.findOne(Author, { email: 'ada@example.com' }))?.name, 'Ada');
    assert.is(db.replicas[0]!.reads, 0);
    const health = await db.healthCheck();
    assert.is(health.status, 'warn');
    assert.is(health.checks['database:responseTime'][0].status, 'pass');
    assert.is(health.checks['replicas:responseTime']![0]!.status, 'fail');
  });

  test('a replica that goes away fails no read: the read runs again on the primary', async context => {
    const proxy = await startProxy(Number(new URL(context.database.config.url as string).port));
    try {
      const { db } = await open(context, proxy.port);
      assert.is((await db.em.findOne(Author, { email: 'ada@example.com' }))?.name, 'Ada');
      assert.is(db.replicas[0]!.reads, 1);
      await proxy.cut();
      const found = await Promise.all([1, 2, 3].map(() => db.em.find(Author, {})));
      assert.equal(found.map(rows => rows.length), [1, 1, 1]);
      assert.is(db.replicas[0]!.inRotation, false);
      assert.ok(db.replicas[0]!.failovers >= 1, `failovers ${db.replicas[0]!.failovers}`);
    } finally {
      await proxy.cut().catch(() => undefined);
    }
  });

  test('a server that is not a replica is reported, not hidden', async context => {
    const proxy = await startProxy(Number(new URL(context.database.config.url as string).port));
    try {
      const { db } = await open(context, proxy.port);
      const health = await db.healthCheck();
      assert.is(health.status, 'warn');
      const [lag] = health.checks['replicas:lag']!;
      assert.is(lag!.status, 'warn');
      assert.match(lag!.output ?? '', NOT_A_REPLICA[target.name]!);
      assert.is(db.replicas[0]!.inRotation, true);
    } finally {
      await proxy.cut();
    }
  });

  test.run();
}
