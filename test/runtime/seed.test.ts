import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { Author, Book } from '../support/models.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { databaseSuite } from '../support/suite.ts';

const modelsUrl = new URL('../support/models.ts', import.meta.url).href;

/** A seeds folder with these files (name → body after the models import). */
function seedsFolder(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'farm-seeds-'));
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(dir, name), `import { Author, Book } from ${JSON.stringify(modelsUrl)};\n${body}\n`);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const AUTHORS = `export default async function seed(em) {
  em.create(Author, { name: 'Ada', email: 'ada@example.com' });
}`;
const BOOKS = `export default async function seed(em) {
  const ada = await em.findOneOrFail(Author, { email: 'ada@example.com' });
  em.create(Book, { title: 'Notes', author: ada });
}`;

for (const target of SQL_TARGETS) {
  const s = databaseSuite('db.seed()', target);

  s('runs the seed files in file-name order, one EntityManager each', async ({ db }) => {
    const seeds = seedsFolder({ '002-books.ts': BOOKS, '001-authors.ts': AUTHORS });
    try {
      const runs = await db.seed({ dir: seeds.dir });
      assert.equal(runs.map(run => run.name), ['001-authors.ts', '002-books.ts']);
      assert.is(await db.em.count(Book, { author: { email: 'ada@example.com' } }), 1);
    } finally {
      seeds.remove();
    }
  });

  s('rolls back only the seed that throws; the ones before it stay', async ({ db }) => {
    const seeds = seedsFolder({
      '001-authors.ts': AUTHORS,
      '002-broken.ts': `export default async function seed(em) {
        em.create(Author, { name: 'Half', email: 'half@example.com' });
        await em.flush();
        throw new Error('no more data');
      }`,
    });
    try {
      await db.seed({ dir: seeds.dir }).then(
        () => assert.unreachable('the broken seed should fail the run'),
        error => assert.match(String(error), /seed 002-broken\.ts failed: no more data/),
      );
      assert.equal((await db.em.find(Author, {})).map(author => author.email), ['ada@example.com']);
    } finally {
      seeds.remove();
    }
  });

  s('--only runs just the named seed', async ({ db }) => {
    const seeds = seedsFolder({ '001-authors.ts': AUTHORS, '002-books.ts': BOOKS });
    try {
      const runs = await db.seed({ dir: seeds.dir, only: '001-authors' });
      assert.equal(runs.map(run => run.name), ['001-authors.ts']);
      assert.is(await db.em.count(Book), 0);
    } finally {
      seeds.remove();
    }
  });

  s('an unknown --only name is an error that lists the seeds', async ({ db }) => {
    const seeds = seedsFolder({ '001-authors.ts': AUTHORS });
    try {
      await db.seed({ dir: seeds.dir, only: 'users' }).then(
        () => assert.unreachable('an unknown seed should be refused'),
        error => assert.match(String(error.message) + error.hint, /no seed named users.*001-authors/s),
      );
    } finally {
      seeds.remove();
    }
  });

  s('--fresh drops and recreates the schema before seeding', async ({ db }) => {
    const seeds = seedsFolder({ '001-authors.ts': AUTHORS });
    try {
      await db.transaction(async em => void em.create(Author, { name: 'Old', email: 'old@example.com' }));
      await db.seed({ dir: seeds.dir, fresh: true });
      assert.equal((await db.em.find(Author, {})).map(author => author.email), ['ada@example.com']);
    } finally {
      seeds.remove();
    }
  });

  s('--fresh is refused when NODE_ENV=production, unless forced', async ({ db }) => {
    const seeds = seedsFolder({ '001-authors.ts': AUTHORS });
    try {
      await db.transaction(async em => void em.create(Author, { name: 'Kept', email: 'kept@example.com' }));
      const env = { NODE_ENV: 'production' };
      await db.seed({ dir: seeds.dir, fresh: true, env }).then(
        () => assert.unreachable('fresh in production should be refused'),
        error => assert.match(String(error), /refusing to drop and recreate the schema/),
      );
      assert.is(await db.em.count(Author, { email: 'kept@example.com' }), 1);
      await db.seed({ dir: seeds.dir, fresh: true, force: true, env });
      assert.is(await db.em.count(Author, { email: 'kept@example.com' }), 0);
    } finally {
      seeds.remove();
    }
  });

  s.run();
}
