import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, REPO, typecheck } from '../support/generated-project.ts';

const seed = suite('farm db seed');
const PLOP = join(createRequire(import.meta.url).resolve('plop/package.json'), '../bin/plop.js');

/** A SQLite project with its schema migrated: what `farm db seed` runs against. */
function migratedProject(): string {
  const dir = copyFixture('express-esm');
  for (const args of [['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], ['db', 'migrate', '--create', 'init'], ['db', 'migrate']]) {
    const result = farm(args, dir);
    assert.is(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  }
  return dir;
}

function names(dir: string): string[] {
  const sqlite = new DatabaseSync(join(dir, 'data/app.db'));
  try {
    return (sqlite.prepare('select name from example order by name').all() as { name: string }[]).map(row => row.name);
  } finally {
    sqlite.close();
  }
}

seed('farm db add wires a db:seed script into package.json', () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.is(pkg.scripts['db:seed'], 'farm db seed');
});

seed('--create writes a numbered seed for the only model, in the project style, and it typechecks', () => {
  const dir = migratedProject();
  const created = farm(['db', 'seed', '--create', 'examples'], dir);
  assert.is(created.code, 0, created.stderr);
  assert.match(created.stdout, 'created src/database/seeds/001-examples.ts');
  const text = readFileSync(join(dir, 'src/database/seeds/001-examples.ts'), 'utf8');
  assert.match(text, /import \{ Example \} from '\.\.\/\.\.\/models\/example\.(js|ts)';/);
  assert.match(text, 'em.findOne(Example, { name: row.name })');
  assert.is(typecheck(dir), '');
});

seed('running the seeds twice leaves the same rows (upsert by the natural key)', () => {
  const dir = migratedProject();
  assert.is(farm(['db', 'seed', '--create', 'examples'], dir).code, 0);
  const first = farm(['db', 'seed'], dir);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /seeded 001-examples\.ts/);
  assert.equal(names(dir), ['first', 'second']);
  assert.is(farm(['db', 'seed'], dir).code, 0);
  assert.equal(names(dir), ['first', 'second']);
});

seed('--fresh is refused in production without --force, and nothing changes', () => {
  const dir = migratedProject();
  assert.is(farm(['db', 'seed', '--create', 'examples'], dir).code, 0);
  assert.is(farm(['db', 'seed'], dir).code, 0);
  const refused = farm(['db', 'seed', '--fresh'], dir, { NODE_ENV: 'production' });
  assert.is(refused.code, 1, refused.stdout);
  assert.match(refused.stdout, /--force/);
  assert.equal(names(dir), ['first', 'second']);
});

seed('a mistyped flag is refused with a suggestion (exit 2)', () => {
  const dir = migratedProject();
  const result = farm(['db', 'seed', '--frsh'], dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'did you mean --fresh?');
});

seed('--create with several models asks for --model, naming them (exit 2, nothing written)', () => {
  const dir = migratedProject();
  const other = "import { defineEntity, p } from 'farm-db/runtime';\n\nexport const Plan = defineEntity({ name: 'Plan', properties: { code: p.string().primary() } });\n";
  writeFileSync(join(dir, 'src/models/plan.ts'), other);
  const result = farm(['db', 'seed', '--create', 'plans'], dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'pass --model <Name>');
  assert.match(result.stderr, /Example.*Plan|Plan.*Example/);
  assert.not.ok(readdirSync(join(dir, 'src/database')).includes('seeds'));
});

seed('npx plop db:seed writes the next numbered seed, the name bypassed on the command line', () => {
  const dir = migratedProject();
  assert.is(farm(['db', 'seed', '--create', 'examples'], dir).code, 0);
  const result = spawnSync(process.execPath, [PLOP, '--plopfile', join(REPO, 'plopfile.ts'), 'db:seed', 'more'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout + result.stderr, 'created src/database/seeds/002-more.ts');
});

seed.run();
