import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { runSeedCommand } from '../../migrations/seed-command.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { Author } from '../support/models.ts';
import { databaseSuite } from '../support/suite.ts';

const modelsUrl = new URL('../support/models.ts', import.meta.url).href;

function seeds(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'farm-seed-command-'));
  writeFileSync(
    join(dir, '001-authors.ts'),
    `import { Author } from ${JSON.stringify(modelsUrl)};\nexport default (em) => { em.create(Author, { name: 'Ada', email: 'ada@example.com' }); };\n`,
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

for (const target of SQL_TARGETS) {
  const s = databaseSuite('runSeedCommand', target);

  s('prints each seed it ran and exits 0', async ({ db }) => {
    const folder = seeds();
    const lines: string[] = [];
    try {
      const code = await runSeedCommand({ db, dir: folder.dir, only: ['001-authors'], log: line => lines.push(line) });
      assert.is(code, 0);
      assert.match(lines.join('\n'), /seeded 001-authors\.ts/);
      assert.is(await db.em.count(Author), 1);
    } finally {
      folder.remove();
    }
  });

  s('exits 1 and changes nothing when --fresh is refused in production', async ({ db }) => {
    const folder = seeds();
    const lines: string[] = [];
    try {
      const code = await runSeedCommand({ db, dir: folder.dir, fresh: true, env: { NODE_ENV: 'production' }, log: line => lines.push(line) });
      assert.is(code, 1);
      assert.match(lines.join('\n'), /refusing.*\n.*--force/);
      assert.is(await db.em.count(Author), 0);
    } finally {
      folder.remove();
    }
  });

  s.run();
}
