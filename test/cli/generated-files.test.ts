import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootApp, compile, copyFixture, farm, FIXTURE_START as START, FIXTURES, type Fixture } from '../support/generated-project.ts';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const add = (dir: string, ...extra: string[]) => farm(['db', 'add', '--yes', '--skip-install', ...extra], dir);

const files = suite<{ dirs: string[] }>('the files around the generated code', { dirs: [] });
files.after.each(context => {
  for (const dir of context.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const fixture = (context: { dirs: string[] }, name: Fixture) => {
  const dir = copyFixture(name);
  context.dirs.push(dir);
  return dir;
};

files('SQLite\'s data/ folder is git-ignored, once', context => {
  const dir = fixture(context, 'express-esm');
  assert.is(add(dir, '--type', 'sqlite').code, 0);
  assert.is(add(dir).code, 0);
  assert.is(read(dir, '.gitignore').match(/^data\/$/gm)?.length, 1);
});

files('in a monorepo, the data/ folder is ignored where the app is', context => {
  const dir = fixture(context, 'seed-monorepo');
  assert.is(add(dir, '--type', 'sqlite').code, 0);
  const ignored = [read(dir, '.gitignore'), (() => { try { return read(dir, 'apps/api/.gitignore'); } catch { return ''; } })()];
  assert.ok(ignored[0]!.split('\n').includes('apps/api/data/') || ignored[1]!.split('\n').includes('data/'), ignored.join('\n---\n'));
});

files('a server database adds no data/ line', context => {
  const dir = fixture(context, 'express-esm');
  assert.is(add(dir, '--type', 'postgresql').code, 0);
  assert.not.match(read(dir, '.gitignore'), /^data\/$/m);
});

files('after a switch, the .env section header names the provider DATABASE_URL is now for', context => {
  const dir = fixture(context, 'express-esm');
  assert.is(add(dir, '--type', 'sqlite').code, 0);
  assert.is(farm(['db', 'switch', '--type', 'postgresql', '--yes', '--skip-install'], dir).code, 0);
  for (const file of ['.env', '.env.example']) {
    const text = read(dir, file);
    assert.not.match(text, '# SQLite (added by farm-db)', file);
    const section = text.slice(0, text.indexOf('DATABASE_URL=postgresql'));
    assert.match(section.split('\n').filter(line => line.endsWith('(added by farm-db)')).at(-1) ?? '', '# PostgreSQL (added by farm-db)', file);
    assert.is(text.match(/\(added by farm-db\)/g)?.length, 1, `${file}: one PostgreSQL section`);
  }
});

files('a blank migration\'s hint and a switch\'s baseline follow the project\'s quotes', context => {
  const dir = fixture(context, 'express-cjs-tabs');
  assert.is(add(dir, '--type', 'sqlite').code, 0);
  assert.is(farm(['db', 'migrate', '--create', 'init'], dir).code, 0);
  assert.is(farm(['db', 'migrate'], dir).code, 0);
  const blank = farm(['db', 'migrate', '--create', 'by_hand', '--blank'], dir);
  assert.is(blank.code, 0, blank.stderr);
  const migrations = join(dir, 'src/database/migrations');
  const byHand = readdirSync(migrations).find(f => f.endsWith('_by_hand.ts'))!;
  assert.match(read(migrations, byHand), '// this.addSql("...");');
  assert.is(farm(['db', 'migrate'], dir).code, 0);
  const switched = farm(['db', 'switch', '--type', 'sqlite', '--url', 'file:./data/moved.db', '--migrate', '--yes', '--skip-install'], dir);
  assert.is(switched.code, 0, switched.stderr);
  const baseline = readdirSync(migrations).find(f => f.endsWith('_baseline_sqlite.ts'))!;
  const text = read(migrations, baseline);
  assert.match(text, 'import { Migration } from "farm-db/migrations";');
  assert.not.match(text, /'[^']*'/, `no single-quoted string in\n${text}`);
  assert.match(text, /^\t(override )?name = "/m, 'tabs, as the project');
});

files.run();

const health = suite('/health/db is sent as application/health+json');

for (const name of FIXTURES) {
  health(name, async () => {
    const dir = copyFixture(name);
    try {
      assert.is(add(dir, '--type', 'sqlite').code, 0);
      if (START[name].build) compile(dir);
      const app = await bootApp(join(dir, START[name].app), START[name].args);
      try {
        const response = await fetch(`http://127.0.0.1:${app.port}/health/db`);
        assert.is(response.status, 200, app.output());
        assert.match(response.headers.get('content-type') ?? '', /^application\/health\+json\b/);
        assert.is(((await response.json()) as { status: string }).status, 'pass');
      } finally {
        await app.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

health.run();
