import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferDatabase } from '../../portability/index.ts';
import { modelsInLoadOrder } from '../../portability/models.ts';
import type { ProgressReporter } from '../../portability/progress.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { mariadbTarget, postgresTarget, sqliteTarget } from '../support/databases.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { withPair } from '../support/portable-project.ts';

const test = suite('a load into PostgreSQL stores two models at once, reading the source a page at a time');

/** The most models loading at one moment, from the progress a load reports (its first stop() ends the load; the verification follows). */
function overlapRecorder(): ProgressReporter & { most: number } {
  const loading = new Set<string>();
  let loaded = false;
  const recorder = {
    most: 0,
    start(model: string) {
      if (loaded) return;
      loading.add(model);
      recorder.most = Math.max(recorder.most, loading.size);
    },
    advance: () => undefined,
    finish(model: string) {
      loading.delete(model);
    },
    stop() {
      loaded = true;
    },
  };
  return recorder;
}

/** Counts the source's pages in flight at once (its transferSource() is the one every read of a move goes through). */
function pagesInFlight(source: DatabaseManager): { most: number } {
  const reads = source.transferSource();
  const page = reads.page.bind(reads);
  const seen = { most: 0 };
  let now = 0;
  reads.page = async (meta, request) => {
    seen.most = Math.max(seen.most, ++now);
    try {
      return await page(meta, request);
    } finally {
      now--;
    }
  };
  return seen;
}

test('two models load at once, never more', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 40);
    const progress = overlapRecorder();
    const rows = await transferDatabase(source, target, { batchSize: 10, progress });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.is(progress.most, 2);
  }));

test("a MariaDB source's read transaction is asked for one page at a time while two models load", () =>
  withPair(mariadbTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 40);
    const pages = pagesInFlight(source);
    const progress = overlapRecorder();
    const rows = await transferDatabase(source, target, { batchSize: 5, progress });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.is(progress.most, 2, 'two models loaded at once');
    assert.is(pages.most, 1);
  }));

test('the verification rows come in load order, however the loads interleaved', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 30);
    const rows = await transferDatabase(source, target, { batchSize: 7 });
    const order = modelsInLoadOrder(source.orm).map(meta => meta.className);
    assert.equal(rows.map(r => r.model), order);
  }));

test('when one model fails, the one loading beside it stores no further batch', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 60);
    const sink = target.transferTarget();
    const loadBatch = sink.loadBatch.bind(sink);
    let failed = false;
    let storedAfter = 0;
    sink.loadBatch = async (meta, rows, progress) => {
      if (failed) storedAfter++;
      // Halfway through the writers (60 rows): the titles (120) load beside them, and are mid-load then.
      if (!failed && meta.className === 'Writer' && progress.loadedAfter >= 30) {
        failed = true;
        throw new Error(`connection lost while loading ${meta.className}`);
      }
      return loadBatch(meta, rows, progress);
    };
    const error = await transferDatabase(source, target, { batchSize: 5 }).then(() => undefined, (e: Error) => e);
    assert.match(String(error?.message), 'connection lost while loading');
    assert.is(storedAfter, 0);
  }));

test("a target holding rows whose references are not in yet (a load killed midway) gets its schema without checking them", () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 10);
    await target.orm.schema.update({ safe: true });
    const connection = target.em.getConnection();
    // What two models loaded at once and a kill -9 leave: the keys set aside, a title whose writer was not stored yet.
    const keys = (await connection.execute(
      "select conrelid::regclass::text as table, conname as name from pg_constraint " +
        "where contype = 'f' and connamespace = 'public'::regnamespace",
    )) as { table: string; name: string }[];
    for (const key of keys) await connection.execute(`alter table ${key.table} drop constraint "${key.name}"`);
    await connection.execute("insert into title (id, name, pages, price, writer_id) values ('t-early', 'x', 1, 1, 'not-yet')");
    const rows = await transferDatabase(source, target, { batchSize: 5, replace: true });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    const sql = "select bool_and(convalidated) as ok, count(*) as n from pg_constraint where contype = 'f'";
    const validated = (await connection.execute(sql)) as { ok: boolean; n: string }[];
    assert.equal([validated[0]!.ok, Number(validated[0]!.n)], [true, keys.length]);
  }));

test.run();
