import * as assert from 'uvu/assert';
import { SQL_TARGETS, sqliteTarget, SERVER_TARGETS } from '../support/databases.ts';
import { databaseSuite, openManager } from '../support/suite.ts';
import { sql } from '../support/sql.ts';
import type { MonitorSnapshot, QueryKind } from '../../runtime/monitoring/index.ts';

function delta(before: MonitorSnapshot, after: MonitorSnapshot) {
  return Object.fromEntries(
    (Object.keys(after.byKind) as QueryKind[]).map(kind => [
      kind,
      { count: after.byKind[kind].count - before.byKind[kind].count, errors: after.byKind[kind].errors - before.byKind[kind].errors },
    ]),
  );
}

for (const target of SQL_TARGETS) {
  const test = databaseSuite('query monitor', target);

  test('counts by kind equal the queries run, errors included', async ({ db }) => {
    const connection = db.em.getConnection();
    const before = db.monitor.snapshot();
    for (let i = 0; i < 5; i++) await connection.execute('select 1');
    await connection.execute(`insert into author (id, name, email, created_at, updated_at) values ('a1', 'A', 'a@x', '2026-01-01', '2026-01-01')`);
    await connection.execute(`insert into author (id, name, email, created_at, updated_at) values ('a2', 'B', 'b@x', '2026-01-01', '2026-01-01')`);
    await connection.execute(`update author set name = 'C' where id = 'a1'`);
    await connection.execute(`delete from author where id = 'a2'`);
    await connection.execute('create table farm_probe (id int)');
    await connection.execute('select * from missing_table').catch(() => undefined);
    const after = db.monitor.snapshot();
    assert.equal(delta(before, after), {
      select: { count: 6, errors: 1 },
      insert: { count: 2, errors: 0 },
      update: { count: 1, errors: 0 },
      delete: { count: 1, errors: 0 },
      ddl: { count: 1, errors: 0 },
      other: { count: 0, errors: 0 },
    });
    assert.is(after.total.count - before.total.count, 11);
    assert.is(after.latencyMs.count - before.latencyMs.count, 11);
  });

  test('transaction statements count as other', async ({ db }) => {
    const before = db.monitor.snapshot();
    await db.transaction(async em => sql(em, 'select 1'));
    const d = delta(before, db.monitor.snapshot());
    assert.is(d.select.count, 1);
    assert.is(d.other.count, 2, 'begin and commit');
  });

  test('snapshots carry the live pool figures', async ({ db }) => {
    const pool = db.monitor.snapshot().pool!;
    assert.ok(pool.max >= 1);
    assert.is(pool.busy, 0);
  });

  test.run();
}

for (const target of SERVER_TARGETS) {
  const test = databaseSuite('slow query warning', target, { slowQueryMs: 150 });

  test('a slow query produces exactly one warning, with its literals redacted', async ({ db, logger }) => {
    logger.entries.length = 0;
    const slowBefore = db.monitor.snapshot().total.slow;
    const keptBefore = db.monitor.slowQueries().length;
    await db.em.getConnection().execute(`${target.sleepSql(0.3)}, 'secret-value' as s`);
    // Only the sleeping statement is deliberately slow; on a loaded machine another may cross the line too.
    const all = logger.entries.filter(e => e.details.event === 'slow_query');
    const warnings = all.filter(e => /sleep/.test(String(e.details.sql)));
    assert.is(warnings.length, 1, `warnings: ${JSON.stringify(all.map(e => e.details.sql))}`);
    const sql = String(warnings[0]!.details.sql);
    assert.not.match(sql, 'secret-value');
    assert.not.match(sql, '0.3');
    assert.match(sql, /sleep\(\?\)/);
    assert.ok(Number(warnings[0]!.details.durationMs) >= 150);
    assert.is(db.monitor.snapshot().total.slow - slowBefore, all.length);
    assert.is(db.monitor.slowQueries().slice(keptBefore).filter(q => /sleep/.test(q.sql)).length, 1);
  });

  test('a fast query produces no warning', async ({ db, logger }) => {
    logger.entries.length = 0;
    await db.em.getConnection().execute('select 1');
    assert.is(logger.entries.filter(e => e.details.event === 'slow_query').length, 0);
  });

  test.run();
}

const sqlite = databaseSuite('query monitor settings', sqliteTarget);

sqlite('periodic snapshots land in a ring buffer of the configured size', async ({ database }) => {
  const { db } = await openManager(database, { monitoring: { snapshotIntervalMs: 20, snapshotBufferSize: 3 } });
  try {
    await db.em.getConnection().execute('select 1');
    await new Promise(resolve => setTimeout(resolve, 200));
    const history = db.monitor.history();
    assert.is(history.length, 3, 'never more than the buffer size');
    assert.ok(history.every(s => s.window !== undefined));
    assert.ok(history[0]!.at <= history[2]!.at, 'oldest first');
  } finally {
    await db.shutdown();
  }
});

sqlite('monitoring can be turned off', async ({ database }) => {
  const { db } = await openManager(database, { monitoring: { enabled: false } });
  try {
    await db.em.getConnection().execute('select 1');
    assert.is(db.monitor.snapshot().total.count, 0);
  } finally {
    await db.shutdown();
  }
});

sqlite.run();
