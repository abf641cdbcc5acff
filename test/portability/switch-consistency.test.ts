import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferDatabase } from '../../portability/index.ts';
import type { ProgressReporter } from '../../portability/progress.ts';
import { digestDatabase } from '../../portability/verify.ts';
import { modelsInLoadOrder } from '../../portability/models.ts';
import { changeMarker } from '../../runtime/internal.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { mariadbTarget, postgresTarget, sqliteTarget, type TestDatabase, type TestTarget } from '../support/databases.ts';
import { REPO } from '../support/generated-project.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { openPortable, withPair } from '../support/portable-project.ts';
import { countReads } from '../support/count-reads.ts';

const test = suite('switch --migrate reads one consistent snapshot of the source and stops when the source changed');

/** Another process adds `count` writers to `database` (synchronously: the move waits meanwhile); returns its stderr when it failed. */
function writeFromAnotherProcess(database: TestDatabase, count: number): string | undefined {
  const run = spawnSync(process.execPath, [join(REPO, 'test/support/insert-writers-worker.ts'), JSON.stringify(database.config), String(count)], { encoding: 'utf8' });
  return run.status === 0 ? undefined : run.stderr;
}

/** A reporter that lets another process write to the source when the move starts its first model. */
function writesDuringTheMove(database: TestDatabase, count: number, outcome: { failure?: string } = {}): ProgressReporter {
  let done = false;
  return {
    start: () => {
      if (!done) outcome.failure = writeFromAnotherProcess(database, count);
      done = true;
    },
    advance: () => undefined,
    finish: () => undefined,
    stop: () => undefined,
  };
}

const counts = async (db: DatabaseManager) => Object.fromEntries((await digestDatabase(db)).map(d => [d.model, d.count]));

const PAIRS: [TestTarget, TestTarget][] = [
  [postgresTarget, sqliteTarget],
  [mariadbTarget, postgresTarget],
];

for (const [from, to] of PAIRS) {
  test(`${from.name} → ${to.name}: rows written during the move stop it, saying how many; the target holds the snapshot exactly`, async () => {
    const [a, b] = [await from.create(), await to.create()];
    const source = await openPortable(a.config, 'update');
    const target = await openPortable(b.config, 'none');
    try {
      await seedPortableData(source, 300);
      const error = await transferDatabase(source, target, { batchSize: 50, progress: writesDuringTheMove(a, 7) }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(error, 'the move was not stopped');
      assert.match(error.message, 'the source changed while its data was moved (at least 7 rows)');
      assert.match(error.message, 'Writer: 300 moved, 307 in the source now (7 rows more)');
      assert.match(error.message, 'stop everything that writes to the source');
      // Every page came from the snapshot taken when the move began: none of the 7 arrived.
      assert.equal(await counts(target), { Genre: 3, Publisher: 3, Writer: 300, Title: 600, title_genres: 600 });
    } finally {
      await source.shutdown();
      await target.shutdown();
      await a.drop();
      await b.drop();
    }
  });
}

test('sqlite → postgresql: the move reads in one transaction, so a writer from another process waits it out and fails; nothing is lost', async () => {
  const [a, b] = [await sqliteTarget.create(), await postgresTarget.create()];
  const source = await openPortable(a.config, 'update');
  const target = await openPortable(b.config, 'none');
  try {
    await seedPortableData(source, 300);
    const outcome: { failure?: string } = {};
    const rows = await transferDatabase(source, target, { batchSize: 50, progress: writesDuringTheMove(a, 7, outcome) });
    assert.match(outcome.failure ?? 'the write went through', 'database is locked');
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.equal(await counts(target), await counts(source));
  } finally {
    await source.shutdown();
    await target.shutdown();
    await a.drop();
    await b.drop();
  }
});

// SQLite and MariaDB tell farm-db whether anything was committed since the snapshot (data_version, CHECKSUM TABLE):
// a write after the snapshot must still be seen there.
for (const from of [sqliteTarget, mariadbTarget]) {
  test(`${from.name} → postgresql: rows written after the snapshot was read, before the switch ends, stop it too`, async () => {
    const [a, b] = [await from.create(), await postgresTarget.create()];
    const source = await openPortable(a.config, 'update');
    const target = await openPortable(b.config, 'none');
    try {
      await seedPortableData(source, 300);
      const outcome: { failure?: string } = {};
      let written = false;
      // The verification starts once the snapshot's read transaction has ended: the writer no longer waits.
      const afterTheSnapshot: ProgressReporter = {
        start: label => {
          if (!written && label.endsWith('(verify)')) outcome.failure = writeFromAnotherProcess(a, 7);
          written ||= label.endsWith('(verify)');
        },
        advance: () => undefined,
        finish: () => undefined,
        stop: () => undefined,
      };
      const error = await transferDatabase(source, target, { batchSize: 50, progress: afterTheSnapshot }).then(() => undefined, (e: Error) => e);
      assert.is(outcome.failure, undefined, 'the write went through');
      assert.ok(error, 'the move was not stopped');
      assert.match(error.message, 'Writer: 300 moved, 307 in the source now (7 rows more)');
    } finally {
      await source.shutdown();
      await target.shutdown();
      await a.drop();
      await b.drop();
    }
  });
}

test('with no writes during the move, it completes and the live check passes', async () => {
  const [a, b] = [await postgresTarget.create(), await sqliteTarget.create()];
  const source = await openPortable(a.config, 'update');
  const target = await openPortable(b.config, 'none');
  try {
    await seedPortableData(source, 50);
    const rows = await transferDatabase(source, target, { batchSize: 20 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
  } finally {
    await source.shutdown();
    await target.shutdown();
    await a.drop();
    await b.drop();
  }
});

for (const from of [sqliteTarget, mariadbTarget]) {
  test(`${from.name} → postgresql: with no writes during the move, the source is read once (its change marker stayed the same)`, () =>
    withPair(from, postgresTarget, async ({ source, target }) => {
      await seedPortableData(source, 120);
      const reads = countReads(source);
      const rows = await transferDatabase(source, target, { batchSize: 50 });
      assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
      assert.equal(Object.fromEntries(reads), Object.fromEntries(rows.map(r => [r.model, 1])), 'each model read once');
    }));
}

test('mariadb: the change marker (CHECKSUM TABLE) stays while nothing is written and moves with an insert or an update', async () => {
  const a = await mariadbTarget.create();
  const source = await openPortable(a.config, 'update');
  try {
    await seedPortableData(source, 20);
    const models = modelsInLoadOrder(source.orm);
    const first = await changeMarker(source, models);
    assert.type(first, 'string');
    assert.is(await changeMarker(source, models), first);
    assert.is(writeFromAnotherProcess(a, 1), undefined);
    const afterInsert = await changeMarker(source, models);
    assert.is.not(afterInsert, first);
    await source.em.getConnection().execute('update writer set name = concat(name, ?) where id = (select min(id) from (select id from writer) w)', ['!']);
    assert.is.not(await changeMarker(source, models), afterInsert, 'the same number of rows, one changed');
  } finally {
    await source.shutdown();
    await a.drop();
  }
});

test.run();
