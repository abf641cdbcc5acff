import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classifyQuery } from '../../runtime/monitoring/classify.ts';
import { redactSql } from '../../runtime/monitoring/redact-sql.ts';
import { RingBuffer } from '../../runtime/monitoring/ring-buffer.ts';
import { QueryMonitor } from '../../runtime/monitoring/index.ts';
import { captureLogger } from '../support/capture-logger.ts';

const classify = suite('classifyQuery');
const cases: [string, string][] = [
  ['select * from author', 'select'],
  ['  (select 1) union (select 2)', 'select'],
  ['/* hint */ SELECT 1', 'select'],
  ['insert into author values (1)', 'insert'],
  ['update author set name = 1', 'update'],
  ['delete from author', 'delete'],
  ['create table t (id int)', 'ddl'],
  ['alter table t add column x int', 'ddl'],
  ['drop index i', 'ddl'],
  ['begin', 'other'],
  ['savepoint trx1', 'other'],
  ['pragma foreign_keys = on', 'other'],
  ['with x as (select 1) select * from x', 'select'],
  ['with x as (select 1) delete from author where id in (select * from x)', 'delete'],
  ["db.getCollection('author').find({}, {})", 'select'],
  ["db.getCollection('author').insertMany([...])", 'insert'],
  ["db.getCollection('author').updateMany({}, {})", 'update'],
  ["db.getCollection('author').deleteMany({})", 'delete'],
  ["db.getCollection('author').createIndex({ email: 1 })", 'ddl'],
];
for (const [sql, kind] of cases) {
  classify(`${JSON.stringify(sql)} is ${kind}`, () => assert.is(classifyQuery(sql), kind));
}
classify.run();

const redact = suite('redactSql');
redact('replaces string literals, with doubled quotes inside', () => {
  assert.is(redactSql(`select * from u where name = 'O''Brien' and pw = 'x'`), 'select * from u where name = ? and pw = ?');
});
redact('replaces numbers but keeps names that contain digits', () => {
  assert.is(redactSql('select col1 from t2 where id = 42 and score > -1.5e3 limit 10'), 'select col1 from t2 where id = ? and score > ? limit ?');
});
redact('keeps quoted identifiers and placeholders', () => {
  assert.is(redactSql('select "a"."id", "b" from "t1" where x = $1'), 'select "a"."id", "b" from "t1" where x = $1');
});
redact('replaces values in MongoDB calls', () => {
  assert.is(redactSql(`db.getCollection('u').find({ "email": "a@b.c", "age": 30, "ok": true })`), `db.getCollection(?).find({ ?: ?, ?: ?, ?: ? })`);
});
redact('caps very long queries', () => {
  assert.ok(redactSql(`select ${'x, '.repeat(2000)}y`).length <= 2001);
});
redact.run();

const ring = suite('RingBuffer');
ring('keeps the newest items, oldest first, never more than capacity', () => {
  const buffer = new RingBuffer<number>(3);
  for (let i = 1; i <= 5; i++) buffer.push(i);
  assert.equal(buffer.toArray(), [3, 4, 5]);
  assert.is(buffer.size, 3);
});
ring('rejects a capacity below one', () => {
  assert.throws(() => new RingBuffer(0), /capacity must be ≥ 1/);
});
ring.run();

const monitor = suite('QueryMonitor');
monitor('latency percentiles follow the recorded durations', () => {
  const m = new QueryMonitor({ slowQueryMs: 10_000, snapshotIntervalMs: 1000, snapshotBufferSize: 2 });
  for (let took = 1; took <= 100; took++) m.record({ query: 'select 1', took });
  const { latencyMs } = m.snapshot();
  assert.is(latencyMs.count, 100);
  assert.ok(Math.abs(latencyMs.p50 - 50) <= 1, `p50 ${latencyMs.p50}`);
  assert.ok(Math.abs(latencyMs.p95 - 95) <= 1, `p95 ${latencyMs.p95}`);
  assert.ok(Math.abs(latencyMs.p99 - 99) <= 1, `p99 ${latencyMs.p99}`);
  assert.ok(Math.abs(latencyMs.max - 100) <= 1, `max ${latencyMs.max}`);
});
monitor('a query at exactly the threshold is slow', () => {
  const logger = captureLogger();
  const m = new QueryMonitor({ slowQueryMs: 100, snapshotIntervalMs: 1000, snapshotBufferSize: 2, logger });
  m.record({ query: 'select 1', took: 99 });
  m.record({ query: 'select 2', took: 100 });
  assert.is(logger.entries.length, 1);
  assert.is(logger.entries[0]!.details.sql, 'select ?');
});
monitor("farm-db's own queries are left out", () => {
  const m = new QueryMonitor({ slowQueryMs: 100, snapshotIntervalMs: 1000, snapshotBufferSize: 2 });
  m.record({ query: 'select version()', took: 1, farmInternal: true });
  assert.is(m.snapshot().total.count, 0);
});
monitor('tick() records the window since the previous snapshot', () => {
  const m = new QueryMonitor({ slowQueryMs: 100, snapshotIntervalMs: 1000, snapshotBufferSize: 5 });
  m.record({ query: 'select 1', took: 1 });
  m.record({ query: 'select 1', took: 1, level: 'error' });
  const first = m.tick();
  m.record({ query: 'select 1', took: 1 });
  const second = m.tick();
  assert.is(first.window!.queries, 2);
  assert.is(first.window!.errors, 1);
  assert.is(second.window!.queries, 1);
  assert.is(second.total.count, 3);
});
monitor.run();
