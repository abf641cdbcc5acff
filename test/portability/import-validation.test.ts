import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exportSnapshot, importSnapshot } from '../../portability/index.ts';
import { RecordDigest } from '../../portability/checksum.ts';
import { mariadbTarget, postgresTarget, sqliteTarget, type TestTarget } from '../support/databases.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { openPortable } from '../support/portable-project.ts';

interface Context {
  work: string;
  out: string;
}

const test = suite<Context>('import checks every record against the models before writing anything', {} as Context);

test.before.each(async context => {
  context.work = mkdtempSync(join(tmpdir(), 'farm-import-validation-'));
  context.out = join(context.work, 'snapshot');
  const source = await sqliteTarget.create();
  const db = await openPortable(source.config, 'update');
  try {
    await seedPortableData(db, 200);
    await exportSnapshot(db, context.out, { batchSize: 100 });
  } finally {
    await db.shutdown();
    await source.drop();
  }
});

test.after.each(context => rmSync(context.work, { recursive: true, force: true }));

type Row = Record<string, unknown>;

/** Edits one record of `file` and recomputes the manifest's count and checksum to match, as a careful tamperer would. */
function tamper(out: string, file: string, edit: (rows: Row[]) => void): void {
  const path = join(out, file);
  const rows = readFileSync(path, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Row);
  edit(rows);
  const digest = new RecordDigest();
  writeFileSync(path, rows.map(row => `${digest.add(row)}\n`).join(''));
  const manifestPath = join(out, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  Object.assign(manifest.models.find((m: { file: string }) => m.file === file), { count: digest.count, checksum: digest.digest() });
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

/** Imports into a fresh database of `kind`; returns the error and how many model rows the import left. */
async function importInto(kind: TestTarget, out: string): Promise<{ message: string; rows: number }> {
  const target = await kind.create();
  const db = await openPortable(target.config, 'none');
  try {
    const error = await importSnapshot(db, out, { batchSize: 50 }).then(() => undefined, (e: Error) => e);
    let rows = 0;
    for (const table of ['publisher', 'writer', 'genre', 'title', 'title_genres']) {
      const found = (await db.em.getConnection().execute(`select count(*) as n from ${table}`).catch(() => [{ n: 0 }])) as { n: number | string }[];
      rows += Number(found[0]!.n);
    }
    return { message: error?.message ?? 'no error', rows };
  } finally {
    await db.shutdown();
    await target.drop();
  }
}

const LAST = 399; // the last of 400 titles: every batch before it would already be stored

const CASES: { name: string; file: string; edit: (rows: Row[]) => void; error: RegExp }[] = [
  { name: 'a wrong type', file: 'Title.jsonl', edit: rows => (rows[LAST]!.pages = 'many'), error: /Title\.jsonl line 400, field "pages": expected a number, found string "many"/ },
  {
    name: 'a broken reference',
    file: 'Title.jsonl',
    edit: rows => (rows[LAST]!.writer = 'no-such-writer'),
    error: /Title\.jsonl line 400, field "writer": refers to Writer "no-such-writer", which the snapshot does not hold/,
  },
  { name: 'a null in a required field', file: 'Title.jsonl', edit: rows => (rows[LAST]!.name = null), error: /Title\.jsonl line 400, field "name": null, but Title\.name requires a value/ },
  {
    name: 'a duplicate id',
    file: 'Title.jsonl',
    edit: rows => (rows[LAST]!.id = rows[0]!.id),
    error: /Title\.jsonl line 400, field "id": the key "[0-9a-f-]+" is already used by an earlier Title record/,
  },
  { name: 'a field the model does not have', file: 'Writer.jsonl', edit: rows => (rows[5]!.nickname = 'x'), error: /Writer\.jsonl line 6, field "nickname": Writer has no such property/ },
  { name: 'a bad date', file: 'Writer.jsonl', edit: rows => (rows[7]!.createdAt = 'yesterday'), error: /Writer\.jsonl line 8, field "createdAt": expected a date/ },
  { name: 'a non-decimal price', file: 'Title.jsonl', edit: rows => (rows[3]!.price = '12,50'), error: /Title\.jsonl line 4, field "price": expected a decimal number/ },
];

for (const kind of [postgresTarget, mariadbTarget, sqliteTarget]) {
  for (const { name, file, edit, error } of CASES) {
    test(`${kind.name}: ${name} (checksums recomputed) writes nothing and names file, line and field`, async context => {
      tamper(context.out, file, edit);
      const { message, rows } = await importInto(kind, context.out);
      assert.match(message, error);
      assert.match(message, 'nothing was loaded');
      assert.is(rows, 0, 'no row was written');
    });
  }
}

test('the untampered snapshot still imports whole', async context => {
  const { message, rows } = await importInto(postgresTarget, context.out);
  assert.is(message, 'no error');
  assert.is(rows, 3 + 200 + 3 + 400 + 400);
});

test.run();
