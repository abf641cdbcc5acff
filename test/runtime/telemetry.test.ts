import * as assert from 'uvu/assert';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Author, MODELS } from '../support/models.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { installInMemorySdk, type InMemorySdk } from '../support/otel-sdk.ts';
import { databaseSuite, openManager } from '../support/suite.ts';
import { redactSql } from '../../runtime/monitoring/redact-sql.ts';
import { DatabaseManager } from '../../runtime/manager.ts';

const INSERT =
  "insert into author (id, name, email, created_at, updated_at) values ('a1', 'Ada', 'ada@example.com', '2026-01-01', '2026-01-01')";

/** Runs fn inside an active span of the test's own, as an HTTP request's span would be. */
function inRequest<T>(fn: () => Promise<T>): Promise<{ result: T; request: string }> {
  return trace.getTracer('test').startActiveSpan('GET /authors', async span => {
    try {
      return { result: await fn(), request: span.spanContext().spanId };
    } finally {
      span.end();
    }
  });
}

const dbSpans = (sdk: InMemorySdk) => sdk.spans().filter(span => span.instrumentationScope.name === 'farm-db');
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const namespaceOf = (db: DatabaseManager) => {
  const { type, url } = db.config;
  return type === 'sqlite' ? url!.replace(/^file:/, '') : new URL(url!).pathname.slice(1);
};

for (const target of SQL_TARGETS) {
  const test = databaseSuite('OpenTelemetry spans and metrics', target);
  let sdk: InMemorySdk;
  test.before(() => {
    sdk = installInMemorySdk();
  });
  test.before.each(() => sdk.reset());
  test.after(() => sdk.uninstall());

  test('an ORM query is a CLIENT span named after its operation and database, child of the active span', async ({ db }) => {
    const { request } = await inRequest(() => db.em.findOne(Author, { email: 'ada@example.com' }));
    const [span, ...others] = dbSpans(sdk);
    assert.is(others.length, 0, others.map(s => s.name).join(', '));
    assert.is(span!.name, `SELECT ${namespaceOf(db)}`);
    assert.is(span!.kind, SpanKind.CLIENT);
    assert.is(parentOf(span!), request);
    assert.is(span!.attributes['db.operation.name'], 'SELECT');
    assert.is(span!.attributes['db.namespace'], namespaceOf(db));
    const system = { sqlite: 'sqlite', postgresql: 'postgresql', mysql: 'mariadb' }[db.config.type as string];
    assert.is(span!.attributes['db.system.name'], system);
  });

  test('db.query.text is the query with its literals redacted as the slow-query log redacts them', async ({ db }) => {
    await db.em.getConnection().execute(INSERT);
    const [span] = dbSpans(sdk);
    assert.is(span!.attributes['db.query.text'], redactSql(INSERT, db.config.type));
    assert.not.match(String(span!.attributes['db.query.text']), 'ada@example.com');
  });

  test('server.address and server.port name the server (none for SQLite, a file)', async ({ db }) => {
    await db.em.getConnection().execute('select 1');
    const [span] = dbSpans(sdk);
    if (db.config.type === 'sqlite') {
      assert.is(span!.attributes['server.address'], undefined);
    } else {
      const url = new URL(db.config.url!);
      assert.is(span!.attributes['server.address'], url.hostname);
      assert.is(span!.attributes['server.port'], Number(url.port));
    }
  });

  test('a db.transaction() is a span whose children are its queries, itself a child of the active span', async ({ db }) => {
    const { request } = await inRequest(() =>
      db.transaction(async em => {
        await em.getConnection().execute(INSERT, [], 'run', em.getTransactionContext());
        await em.findOne(Author, { id: 'a1' });
      }),
    );
    const spans = dbSpans(sdk);
    const transaction = spans.find(span => span.name.startsWith('TRANSACTION'));
    assert.ok(transaction, spans.map(s => s.name).join(', '));
    assert.is(transaction.name, `TRANSACTION ${namespaceOf(db)}`);
    assert.is(parentOf(transaction), request);
    const queries = spans.filter(span => span !== transaction);
    assert.equal(queries.map(span => span.attributes['db.operation.name']), ['INSERT', 'SELECT']);
    for (const query of queries) assert.is(parentOf(query), transaction.spanContext().spanId, query.name);
    assert.is(transaction.status.code, SpanStatusCode.UNSET);
  });

  test('a fast-lane (db.kysely) query inside db.transaction() is a span, child of the transaction span', async ({ db }) => {
    const lane = db as unknown as { kysely: { selectFrom(table: string): { selectAll(): { execute(): Promise<unknown[]> } } } };
    await db.transaction(() => lane.kysely.selectFrom('author').selectAll().execute());
    const spans = dbSpans(sdk);
    const transaction = spans.find(span => span.name.startsWith('TRANSACTION'));
    const select = spans.find(span => span.attributes['db.operation.name'] === 'SELECT');
    assert.ok(transaction && select, spans.map(s => s.name).join(', '));
    assert.is(parentOf(select), transaction.spanContext().spanId);
    assert.match(String(select.attributes['db.query.text']), /author/);
  });

  test('a failed query is a span with status ERROR, error.type and an exception event, its values redacted', async ({ db }) => {
    await db.em.getConnection().execute(INSERT);
    const failed = await db.em.getConnection().execute(INSERT).catch((error: unknown) => error);
    assert.instance(failed, Error);
    const span = dbSpans(sdk).at(-1)!;
    assert.is(span.status.code, SpanStatusCode.ERROR);
    assert.type(span.attributes['error.type'], 'string');
    assert.is.not(span.attributes['error.type'], '_OTHER');
    const exception = span.events.find(event => event.name === 'exception');
    assert.ok(exception, 'an exception event');
    assert.type(exception.attributes?.['exception.message'], 'string');
    assert.not.match(String(exception.attributes?.['exception.message']), 'ada@example.com');
  });

  test('a db.transaction() that throws ends its span with status ERROR and the exception', async ({ db }) => {
    const thrown = await db
      .transaction(async em => {
        await em.findOne(Author, { id: 'a1' });
        throw new Error('the work failed');
      })
      .catch((error: unknown) => error);
    assert.instance(thrown, Error);
    const transaction = dbSpans(sdk).find(span => span.name.startsWith('TRANSACTION'))!;
    assert.is(transaction.status.code, SpanStatusCode.ERROR);
    assert.is(transaction.attributes['error.type'], 'Error');
    assert.is(transaction.events.find(event => event.name === 'exception')?.attributes?.['exception.message'], 'the work failed');
  });

  test('a db.transaction() inside another is a child span of the outer one, its queries children of the inner', async ({ db }) => {
    await db.transaction(async () => {
      await db.transaction(em => em.findOne(Author, { id: 'a1' }));
    });
    const spans = dbSpans(sdk);
    const [inner, outer] = spans.filter(span => span.name.startsWith('TRANSACTION'));
    assert.ok(inner && outer, spans.map(s => s.name).join(', '));
    assert.is(parentOf(inner), outer.spanContext().spanId);
    const select = spans.find(span => span.attributes['db.operation.name'] === 'SELECT')!;
    assert.is(parentOf(select), inner.spanContext().spanId);
  });

  test('a query reported to the monitor directly (as the Kysely fast lane does) is traced too, its error included', async ({ db }) => {
    db.monitor.record({ query: "select * from author where email = 'ada@example.com'", took: 4, results: 0 });
    db.monitor.record({ query: 'select * from missing', took: 1, level: 'error', error: new TypeError('no such table: missing') });
    const [ok, failed] = dbSpans(sdk);
    assert.is(ok!.attributes['db.query.text'], 'select * from author where email = ?');
    assert.is(failed!.status.code, SpanStatusCode.ERROR);
    assert.is(failed!.attributes['error.type'], 'TypeError');
    assert.ok(failed!.events.some(event => event.name === 'exception'));
  });

  test('a query MikroORM ran on a read replica names the replica as its server', async ({ db }) => {
    db.monitor.record({ query: 'select 1', took: 1, connection: { type: 'read', name: 'replica.internal:5433' } });
    const [span] = dbSpans(sdk);
    assert.is(span!.attributes['server.address'], 'replica.internal');
    assert.is(span!.attributes['server.port'], 5433);
    assert.is(span!.attributes['db.namespace'], namespaceOf(db));
  });

  test('farm-db health queries make no span', async ({ db }) => {
    const health = await db.healthCheck();
    assert.is(health.status, 'pass');
    assert.equal(dbSpans(sdk), []);
  });

  test('db.client.operation.duration counts each query with its operation, in seconds', async ({ db }) => {
    const before = await durationCount(sdk, 'SELECT');
    for (let i = 0; i < 3; i++) await db.em.getConnection().execute('select 1');
    assert.is((await durationCount(sdk, 'SELECT')) - before, 3);
    const metric = await sdk.metric('db.client.operation.duration');
    assert.is(metric?.descriptor.unit, 's');
  });

  test('db.client.connection.count (used, idle) and db.client.connection.max follow the pool', async ({ db }) => {
    const stats = db.monitor.snapshot().pool!;
    const count = await sdk.metric('db.client.connection.count');
    const value = (state: string) => count?.dataPoints.find(point => point.attributes['db.client.connection.state'] === state)?.value;
    assert.is(value('used'), stats.busy);
    assert.is(value('idle'), stats.idle);
    const max = await sdk.metric('db.client.connection.max');
    assert.is(max?.dataPoints[0]?.value, stats.max);
  });

  test('with monitoring off, queries still make spans', async ({ database }) => {
    const { db } = await openManager(database, { monitoring: { enabled: false } });
    sdk.reset(); // the start-up's schema queries
    try {
      await db.em.getConnection().execute('select 1');
      assert.equal(dbSpans(sdk).map(span => span.attributes['db.operation.name']), ['SELECT']);
    } finally {
      await db.shutdown();
    }
  });

  test('a manager opened with telemetry: false makes no span, with an SDK registered', async ({ database }) => {
    const db = new DatabaseManager({ ...database.config, retry: { attempts: 1 } }, { logger: captureLogger(), telemetry: false });
    db.registerModels(MODELS);
    await db.initialize();
    try {
      await db.transaction(em => em.findOne(Author, { id: 'a1' }));
      assert.equal(dbSpans(sdk), []);
    } finally {
      await db.shutdown();
    }
  });

  test.run();
}

async function durationCount(sdk: InMemorySdk, operation: string): Promise<number> {
  const metric = await sdk.metric('db.client.operation.duration');
  const points = metric?.dataPoints.filter(point => point.attributes['db.operation.name'] === operation) ?? [];
  return points.reduce((sum, point) => sum + (point.value as { count: number }).count, 0);
}
