import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allMatch, exportSnapshot, importSnapshot, transferDatabase } from '../../portability/index.ts';
import { TRANSFER_PROGRESS_TABLE } from '../../runtime/providers/transfer.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { mariadbTarget, postgresTarget, sqliteTarget, type TestDatabase, type TestTarget } from '../support/databases.ts';
import { REPO } from '../support/generated-project.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { openPortable } from '../support/portable-project.ts';

const test = suite('a run killed while verifying is verified and finished by the next run');

/** Runs the worker, which SIGKILLs itself when verification starts; asserts it died of that. */
function killedWhileVerifying(mode: 'import' | 'transfer', target: TestDatabase, from: string): void {
  const run = spawnSync(process.execPath, [join(REPO, 'test/support/verify-kill-worker.ts'), mode, JSON.stringify(target.config), from], { encoding: 'utf8' });
  assert.is(run.signal, 'SIGKILL', `the worker ended otherwise: ${run.status} ${run.stdout} ${run.stderr}`);
}

async function progressRows(db: DatabaseManager): Promise<number> {
  const rows = (await db.em.getConnection().execute(`select count(*) as n from ${TRANSFER_PROGRESS_TABLE}`)) as { n: number | string }[];
  return Number(rows[0]!.n);
}

async function seededSource(): Promise<{ source: TestDatabase; out: string; work: string }> {
  const source = await sqliteTarget.create();
  const db = await openPortable(source.config, 'update');
  const work = mkdtempSync(join(tmpdir(), 'farm-verify-kill-'));
  try {
    await seedPortableData(db, 300);
    await exportSnapshot(db, join(work, 'snapshot'), { batchSize: 100 });
  } finally {
    await db.shutdown();
  }
  return { source, out: join(work, 'snapshot'), work };
}

for (const kind of [sqliteTarget, postgresTarget, mariadbTarget] as TestTarget[]) {
  test(`import into ${kind.name}: killed while verifying, the re-run verifies and finishes (progress forgotten only then)`, async () => {
    const { source, out, work } = await seededSource();
    const target = await kind.create();
    try {
      killedWhileVerifying('import', target, out);
      const db = await openPortable(target.config, 'none');
      try {
        assert.ok((await progressRows(db)) > 0, 'the progress outlives a kill during verification');
        const warnings: string[] = [];
        const rows = await importSnapshot(db, out, { batchSize: 100, warn: message => warnings.push(message) });
        assert.ok(allMatch(rows), JSON.stringify(rows));
        assert.is(rows.find(r => r.model === 'Title')!.targetCount, 600);
        assert.equal(warnings, [], 'it resumed, without starting over');
        assert.is(await progressRows(db), 0, 'verified: the progress is forgotten');
      } finally {
        await db.shutdown();
      }
    } finally {
      await target.drop();
      await source.drop();
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test('switch (SQLite to PostgreSQL): killed while verifying, the re-run verifies and finishes', async () => {
  const { source, work } = await seededSource();
  const target = await postgresTarget.create();
  try {
    killedWhileVerifying('transfer', target, JSON.stringify(source.config));
    const [from, to] = [await openPortable(source.config, 'none'), await openPortable(target.config, 'none')];
    try {
      const rows = await transferDatabase(from, to, { batchSize: 100 });
      assert.ok(allMatch(rows), JSON.stringify(rows));
      assert.is(await progressRows(to), 0);
    } finally {
      await from.shutdown();
      await to.shutdown();
    }
  } finally {
    await target.drop();
    await source.drop();
    rmSync(work, { recursive: true, force: true });
  }
});

test.run();
