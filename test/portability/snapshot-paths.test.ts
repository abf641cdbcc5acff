import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exportSnapshot, importSnapshot } from '../../portability/index.ts';
import { sqliteTarget } from '../support/databases.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { openPortable } from '../support/portable-project.ts';

interface Context {
  /** A temp folder holding the snapshot (`<work>/snapshot`) and whatever a test puts beside it. */
  work: string;
  out: string;
}

const test = suite<Context>('snapshot paths stay inside the snapshot folder', {} as Context);

test.before.each(async context => {
  context.work = mkdtempSync(join(tmpdir(), 'farm-snapshot-paths-'));
  context.out = join(context.work, 'snapshot');
  const source = await sqliteTarget.create();
  const db = await openPortable(source.config, 'update');
  try {
    await seedPortableData(db, 5);
    await exportSnapshot(db, context.out, { batchSize: 100 });
  } finally {
    await db.shutdown();
    await source.drop();
  }
});

test.after.each(context => rmSync(context.work, { recursive: true, force: true }));

function pointTitleAt(out: string, file: string): void {
  const path = join(out, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  manifest.models.find((m: { name: string }) => m.name === 'Title').file = file;
  writeFileSync(path, JSON.stringify(manifest));
}

/** Imports into a fresh SQLite database; returns the error and the tables the import left. */
async function importInto(out: string): Promise<{ message: string; tables: unknown[] }> {
  const target = await sqliteTarget.create();
  const db = await openPortable(target.config, 'none');
  try {
    const error = await importSnapshot(db, out, { batchSize: 25 }).then(() => undefined, (e: Error) => e);
    const tables = (await db.em.getConnection().execute("select name from sqlite_master where type = 'table'")) as unknown[];
    return { message: error?.message ?? 'no error', tables };
  } finally {
    await db.shutdown();
    await target.drop();
  }
}

test('a manifest entry ../outside/Title.jsonl (a valid file, checksum and all) is refused, nothing written', async context => {
  const outside = join(context.work, 'outside', 'Title.jsonl');
  mkdirSync(dirname(outside));
  cpSync(join(context.out, 'Title.jsonl'), outside);
  pointTitleAt(context.out, '../outside/Title.jsonl');
  const { message, tables } = await importInto(context.out);
  assert.match(message, '"../outside/Title.jsonl", which is outside the snapshot folder');
  assert.equal(tables, []);
});

test('an absolute path or ../../../../etc/passwd is refused before the file is read', async context => {
  for (const file of ['../../../../etc/passwd', '/etc/passwd']) {
    pointTitleAt(context.out, file);
    const { message, tables } = await importInto(context.out);
    assert.match(message, 'outside the snapshot folder');
    // Read, it would have failed as "line 1 is not JSON".
    assert.not.match(message, 'not JSON');
    assert.equal(tables, []);
  }
});

test('a file inside the folder that is a symbolic link to a file outside is refused', async context => {
  const outside = join(context.work, 'Title-outside.jsonl');
  cpSync(join(context.out, 'Title.jsonl'), outside);
  rmSync(join(context.out, 'Title.jsonl'));
  symlinkSync(outside, join(context.out, 'Title.jsonl'));
  const { message, tables } = await importInto(context.out);
  assert.match(message, 'Title.jsonl is a link to a file outside the snapshot folder');
  assert.equal(tables, []);
});

test('a file name that is not a string is refused', async context => {
  pointTitleAt(context.out, 42 as never);
  assert.match((await importInto(context.out)).message, 'names the file 42');
});

test.run();
