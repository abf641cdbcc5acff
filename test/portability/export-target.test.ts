import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exportSnapshot } from '../../portability/index.ts';
import type { ProgressReporter } from '../../portability/progress.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { sqliteTarget, type TestDatabase } from '../support/databases.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { openPortable } from '../support/portable-project.ts';

interface Context {
  work: string;
  source: TestDatabase;
  db: DatabaseManager;
}

const test = suite<Context>('export --out never deletes what the export did not create', {} as Context);

test.before.each(async context => {
  context.work = mkdtempSync(join(tmpdir(), 'farm-export-target-'));
  context.source = await sqliteTarget.create();
  context.db = await openPortable(context.source.config, 'update');
  await seedPortableData(context.db, 20);
});

test.after.each(async context => {
  await context.db?.shutdown();
  await context.source?.drop();
  rmSync(context.work, { recursive: true, force: true });
});

/** A progress reporter that runs `during` once, when the export starts its first model. */
function whileExporting(during: () => void): ProgressReporter {
  let done = false;
  return {
    start: () => {
      if (!done) during();
      done = true;
    },
    advance: () => undefined,
    finish: () => undefined,
    stop: () => undefined,
  };
}

test('a folder a user makes at X during the export, with their file in it, is left as it was', async context => {
  const out = join(context.work, 'X');
  const progress = whileExporting(() => {
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
  });
  const error = await exportSnapshot(context.db, out, { batchSize: 10, progress }).then(() => undefined, (e: Error) => e);
  assert.match(error?.message ?? 'no error', `${out} was created by someone else while the export ran; it was left untouched`);
  assert.equal(readdirSync(out), ['notes.txt']);
  assert.is(readFileSync(join(out, 'notes.txt'), 'utf8'), 'mine');
  // The finished snapshot stays beside X, where the message says.
  const aside = readdirSync(context.work).filter(name => name.startsWith('X.partial-'));
  assert.is(aside.length, 1);
  assert.match(error!.message, join(context.work, aside[0]!));
  assert.ok(existsSync(join(context.work, aside[0]!, 'manifest.json')));
});

test('a file a user makes at X during the export is left as it was', async context => {
  const out = join(context.work, 'X');
  const progress = whileExporting(() => writeFileSync(out, 'mine'));
  const error = await exportSnapshot(context.db, out, { batchSize: 10, progress }).then(() => undefined, (e: Error) => e);
  assert.match(error?.message ?? 'no error', 'was created by someone else');
  assert.is(readFileSync(out, 'utf8'), 'mine');
});

test('with X absent throughout, the snapshot is renamed in and nothing is left beside it', async context => {
  const out = join(context.work, 'X');
  await exportSnapshot(context.db, out, { batchSize: 10 });
  assert.ok(existsSync(join(out, 'manifest.json')));
  assert.equal(readdirSync(context.work), ['X']);
});

test.run();
