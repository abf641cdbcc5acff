import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allMatch, exportSnapshot, importSnapshot } from '../../portability/index.ts';
import { digestDatabase } from '../../portability/verify.ts';
import { tempDir } from '../support/temp-dirs.ts';
import { postgresTarget, sqliteTarget, type TestDatabase } from '../support/databases.ts';
import { REPO } from '../support/generated-project.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { openPortable } from '../support/portable-project.ts';

const folder = () => join(tempDir('farm-snapshot-'), 'snapshot');

/** A snapshot of `writers` writers exported from a fresh SQLite database. */
async function snapshotOf(writers: number): Promise<string> {
  const source = await sqliteTarget.create();
  const db = await openPortable(source.config, 'update');
  try {
    await seedPortableData(db, writers);
    const out = folder();
    await exportSnapshot(db, out, { batchSize: 100 });
    return out;
  } finally {
    await db.shutdown();
    await source.drop();
  }
}

const snapshots = suite('snapshots: farm db export and import');

snapshots('export writes one JSON Lines file per model and a manifest with counts and checksums', async () => {
  const out = await snapshotOf(10);
  assert.equal(readdirSync(out).sort(), ['Genre.jsonl', 'Publisher.jsonl', 'Title.jsonl', 'Writer.jsonl', 'manifest.json', 'title_genres.jsonl']);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.is(manifest.format, 'farm-db-snapshot');
  assert.is(manifest.provider, 'sqlite');
  assert.equal(manifest.models.find((m: { name: string }) => m.name === 'Title').count, 20);
  assert.is(readFileSync(join(out, 'Title.jsonl'), 'utf8').trim().split('\n').length, 20);
});

snapshots('export then import into PostgreSQL gives the same records', async () => {
  const out = await snapshotOf(60);
  const target = await postgresTarget.create();
  const db = await openPortable(target.config, 'none');
  try {
    const rows = await importSnapshot(db, out, { batchSize: 25 });
    assert.ok(allMatch(rows), JSON.stringify(rows));
    assert.equal(rows.map(r => r.targetCount), [3, 3, 60, 120, 120]);
  } finally {
    await db.shutdown();
    await target.drop();
  }
});

/** Imports `out` into a fresh PostgreSQL database and returns the error, checking nothing was created. */
async function rejected(out: string): Promise<string> {
  const target = await postgresTarget.create();
  const db = await openPortable(target.config, 'none');
  try {
    const error = await importSnapshot(db, out, { batchSize: 25 }).then(() => undefined, (e: Error) => e);
    const tables = (await db.em.getConnection().execute("select table_name from information_schema.tables where table_schema = 'public'")) as unknown[];
    assert.equal(tables, [], 'nothing was written');
    return error?.message ?? 'no error';
  } finally {
    await db.shutdown();
    await target.drop();
  }
}

snapshots('a manifest of another format version is rejected before anything is written', async () => {
  const out = await snapshotOf(5);
  const path = join(out, 'manifest.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('"version": 1', '"version": 99'));
  assert.match(await rejected(out), 'format version 99');
});

snapshots('a truncated file is rejected before anything is written', async () => {
  const out = await snapshotOf(5);
  const path = join(out, 'Title.jsonl');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.slice(0, text.length - 30));
  assert.match(await rejected(out), /Title\.jsonl line 10 is not JSON \(truncated\?\)/);
});

snapshots('a record changed after export fails its checksum before anything is written', async () => {
  const out = await snapshotOf(5);
  const path = join(out, 'Writer.jsonl');
  writeFileSync(path, readFileSync(path, 'utf8').replace('Writer 3', 'Writer 9'));
  assert.match(await rejected(out), 'Writer.jsonl does not match its checksum');
});

snapshots('a missing file or manifest is rejected', async () => {
  const out = await snapshotOf(2);
  rmSync(join(out, 'Genre.jsonl'));
  assert.match(await rejected(out), 'Genre.jsonl is missing');
  rmSync(join(out, 'manifest.json'));
  assert.match(await rejected(out), 'manifest.json is missing');
});

function importInAnotherProcess(database: TestDatabase, out: string) {
  return spawn(process.execPath, [join(REPO, 'test/support/import-worker.ts'), JSON.stringify(database.config), out, '200'], { stdio: 'ignore' });
}

/** Starts an import of `out` in another process and SIGKILLs it once some titles are stored; returns how many were. */
async function killedImport(target: TestDatabase, out: string): Promise<number> {
  const child = importInAnotherProcess(target, out);
  const exited = new Promise(resolve => child.on('close', resolve));
  const probe = await openPortable(target.config, 'none');
  let titles = 0;
  try {
    for (let i = 0; i < 600 && titles === 0; i++) {
      await new Promise(resolve => setTimeout(resolve, 50));
      // Until the import has made the table, there is nothing to count.
      const rows = (await probe.em.getConnection().execute('select count(*) as n from title').catch(() => [{ n: 0 }])) as { n: number | string }[];
      titles = Number(rows[0]!.n);
    }
  } finally {
    await probe.shutdown();
  }
  assert.is(child.exitCode, null, 'still importing when killed');
  child.kill('SIGKILL');
  await exited;
  return titles;
}

for (const kind of [postgresTarget, sqliteTarget]) {
  snapshots(`an import into ${kind.name} killed midway resumes after its last stored batch: nothing lost, nothing twice`, async () => {
    const out = await snapshotOf(4000);
    const target = await kind.create();
    try {
      const titles = await killedImport(target, out);
      assert.ok(titles > 0 && titles < 8000, `killed with ${titles} of 8000 titles stored`);

      const db = await openPortable(target.config, 'none');
      const warnings: string[] = [];
      try {
        const rows = await importSnapshot(db, out, { batchSize: 200, warn: message => warnings.push(message) });
        assert.ok(allMatch(rows), JSON.stringify(rows));
        assert.is(rows.find(r => r.model === 'Title')!.targetCount, 8000);
        assert.equal((await digestDatabase(db)).map(d => d.count), [3, 3, 4000, 8000, 8000]);
        assert.equal(warnings, [], 'it resumed');
      } finally {
        await db.shutdown();
      }
    } finally {
      await target.drop();
    }
  });
}

snapshots('an interrupted import whose rows were changed since starts the target clean instead of resuming', async () => {
  const out = await snapshotOf(4000);
  const target = await postgresTarget.create();
  try {
    const titles = await killedImport(target, out);
    assert.ok(titles > 10, `killed with ${titles} titles stored`);
    const db = await openPortable(target.config, 'none');
    const warnings: string[] = [];
    try {
      // Someone deleted some of the stored rows: the progress no longer says what the table holds.
      await db.em.getConnection().execute('delete from title where id in (select id from title limit 10)');
      const rows = await importSnapshot(db, out, { batchSize: 200, warn: message => warnings.push(message) });
      assert.ok(allMatch(rows), JSON.stringify(rows));
      assert.equal((await digestDatabase(db)).map(d => d.count), [3, 3, 4000, 8000, 8000]);
      assert.is(warnings.length, 1);
      assert.match(warnings[0]!, /cannot resume \(Title: \d+ stored, \d+ in the table\): starting the target clean/);
    } finally {
      await db.shutdown();
    }
  } finally {
    await target.drop();
  }
});

snapshots.run();
