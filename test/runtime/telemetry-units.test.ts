import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as api from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { resolveDatabaseConfig } from '../../config/resolve.ts';
import { connectionAttributes, poolName } from '../../runtime/telemetry/connection-attributes.ts';
import { MeterSource } from '../../runtime/telemetry/meter-source.ts';
import { queryOperation } from '../../runtime/telemetry/operation.ts';
import { DatabaseTelemetry } from '../../runtime/telemetry/telemetry.ts';
import { TracerSource } from '../../runtime/telemetry/tracer-source.ts';
import { StatementCache } from '../../runtime/telemetry/statement-cache.ts';

const test = suite('OpenTelemetry units');
const typeOf = (url: string) => (url.startsWith('file:') ? 'sqlite' : url.startsWith('postgres') ? 'postgresql' : 'mysql');
const config = (url: string) => resolveDatabaseConfig({ type: typeOf(url), url }, { env: {} });
const noPool = () => null;

test('without a registered SDK there is no tracer; one registered later is picked up, and dropped when disabled', () => {
  const source = new TracerSource(api);
  assert.is(source.current(), undefined);
  const provider = new TracerProvider();
  api.trace.setGlobalTracerProvider(provider);
  try {
    assert.ok(source.current());
  } finally {
    api.trace.disable();
  }
  assert.is(source.current(), undefined);
});

test('without a registered meter provider there are no instruments; with one there are', () => {
  const source = new MeterSource(api, { 'db.system.name': 'sqlite' }, noPool);
  assert.is(source.current(), undefined);
  api.metrics.setGlobalMeterProvider(new MeterProvider());
  try {
    assert.ok(source.current()?.duration);
  } finally {
    api.metrics.disable();
  }
  assert.is(source.current(), undefined);
});

test('with the API and no SDK, queries and transactions touch no tracer and no meter (no span object is made)', async () => {
  const noopTracers = new api.ProxyTracerProvider().getDelegate();
  const noopMeter = api.createNoopMeter();
  const refuse = () => {
    throw new Error('a no-op tracer or meter was used');
  };
  const saved = { getTracer: noopTracers.getTracer, createHistogram: noopMeter.createHistogram };
  Object.assign(noopTracers, { getTracer: refuse });
  Object.assign(noopMeter, { createHistogram: refuse });
  try {
    const telemetry = new DatabaseTelemetry(api, { config: config('file:/tmp/app.db'), poolStats: noPool });
    telemetry.record({ query: "select * from author where name = 'x'", took: 3 });
    telemetry.record({ query: 'select 1', took: 1, level: 'error' });
    const result = await telemetry.transaction(async () => api.trace.getActiveSpan());
    assert.is(result, undefined);
  } finally {
    Object.assign(noopTracers, { getTracer: saved.getTracer });
    Object.assign(noopMeter, { createHistogram: saved.createHistogram });
  }
});

test('connection attributes come from the URL: system, database, server address and port', () => {
  assert.equal(connectionAttributes(config('postgresql://app@db.internal:6543/shop')), {
    'db.system.name': 'postgresql',
    'db.namespace': 'shop',
    'server.address': 'db.internal',
    'server.port': 6543,
  });
  assert.equal(connectionAttributes(config('mariadb://root@127.0.0.1/shop')), {
    'db.system.name': 'mariadb',
    'db.namespace': 'shop',
    'server.address': '127.0.0.1',
    'server.port': 3306,
  });
  assert.equal(connectionAttributes(config('file:/srv/app.db')), { 'db.system.name': 'sqlite', 'db.namespace': '/srv/app.db' });
});

test('a pool is named address:port/database, or after the system when it has neither', () => {
  const server = { 'db.system.name': 'postgresql', 'db.namespace': 'shop', 'server.address': 'db', 'server.port': 5432 };
  assert.is(poolName(server), 'db:5432/shop');
  assert.is(poolName({ 'db.system.name': 'sqlite' }), 'sqlite');
});

test('the operation is the first statement keyword, a CTE its main statement, a MongoDB call its method and collection', () => {
  assert.equal(queryOperation('select 1'), { name: 'SELECT' });
  assert.equal(queryOperation('/* hint */ (select 1) union (select 2)'), { name: 'SELECT' });
  assert.equal(queryOperation('with moved as (select id from a) insert into b select * from moved'), { name: 'INSERT' });
  assert.equal(queryOperation('create table t (id int)'), { name: 'CREATE' });
  assert.equal(queryOperation("db.getCollection('author').find({}, {}).toArray();"), { name: 'find', collection: 'author' });
});

test('a statement text is parsed and redacted once: its span name and attributes are shared by every query of that text', () => {
  const statements = new StatementCache(connectionAttributes(config('postgresql://app@db.internal:5433/shop')), 'postgresql');
  const first = statements.get('select "a0".* from "author" as "a0" where "a0"."id" = ? limit ?');
  const again = statements.get(['select "a0".* from "author" as "a0"', 'where "a0"."id" = ? limit ?'].join(' '));
  assert.is(again, first);
  assert.is(first.spanName, 'SELECT shop');
  assert.is(first.spanAttributes(), again.spanAttributes());
  assert.equal(first.spanAttributes(), {
    'db.system.name': 'postgresql',
    'db.namespace': 'shop',
    'server.address': 'db.internal',
    'server.port': 5433,
    'db.operation.name': 'SELECT',
    'db.query.text': 'select "a0".* from "author" as "a0" where "a0"."id" = ? limit ?',
  });
  assert.ok(Object.isFrozen(first.attributes) && Object.isFrozen(first.spanAttributes()), 'shared, so never changed in place');
});

test('statements with inlined literals (MikroORM debug mode) keep the cache bounded: the oldest give way, values redacted', () => {
  const statements = new StatementCache(connectionAttributes(config('postgresql://app@db.internal:5433/shop')), 'postgresql');
  const first = statements.get("select * from author where email = 'ada@example.com'");
  assert.is(first.spanAttributes()['db.query.text'], 'select * from author where email = ?');
  for (let i = 0; i < 500; i++) statements.get(`select * from author where id = ${i}`);
  assert.is.not(statements.get("select * from author where email = 'ada@example.com'"), first, 'the oldest was dropped');
  assert.is(statements.get('select * from author where id = 499').spanName, 'SELECT shop');
});

test.run();
