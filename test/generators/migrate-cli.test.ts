import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { compile, copyFixture, farm, type Fixture } from '../support/generated-project.ts';

const cli = suite('farm db migrate on a generated project');

/** A project after `farm db add` on SQLite, ready for migrations. */
function project(fixture: Fixture): string {
  const dir = copyFixture(fixture);
  const add = farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
  assert.is(add.code, 0, add.stderr);
  return dir;
}

const migrate = (dir: string, ...args: string[]) => farm(['db', 'migrate', ...args], dir);

function addField(dir: string, model: string): void {
  const path = join(dir, model);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/name: p\.string\(\),/, 'name: p.string(),\n    rating: p.integer().default(0),'));
}

cli('create, apply, check, change a model, preview, apply, roll back: the whole cycle', () => {
  const dir = project('express-esm');
  const created = migrate(dir, '--create', 'init');
  assert.is(created.code, 0, created.stderr);
  assert.match(created.stdout, /created src\/database\/migrations\/Migration\d{14}_init\.ts/);
  assert.match(created.stdout, /create table `example`/);

  assert.is(migrate(dir, '--check').code, 1, 'the table does not exist yet');
  const up = migrate(dir);
  assert.is(up.code, 0, up.stderr);
  assert.match(up.stdout, /applied Migration\d{14}_init/);
  const check = migrate(dir, '--check');
  assert.is(check.code, 0, check.stdout + check.stderr);

  addField(dir, 'src/models/example.ts');
  const drift = migrate(dir, '--check');
  assert.is(drift.code, 1);
  assert.match(drift.stdout, 'rating');
  assert.is(migrate(dir, '--create', 'rating').code, 0);
  const sql = migrate(dir, '--sql');
  assert.match(sql.stdout, /-- Migration\d{14}_rating \(up\)\nalter table `example` add column `rating`/);
  assert.match(migrate(dir, '--status').stdout, /pending\s+Migration\d{14}_rating/);
  assert.match(migrate(dir).stdout, /applied Migration\d{14}_rating/);
  assert.match(migrate(dir, '--down').stdout, /reverted Migration\d{14}_rating/);

  const status = JSON.parse(migrate(dir, '--status', '--json').stdout) as { migrations: { applied: boolean }[]; history: { direction: string }[] };
  assert.equal(status.migrations.map(m => m.applied), [true, false]);
  assert.equal(status.history.map(h => h.direction), ['up', 'up', 'down']);
  assert.match(farm(['db', 'info'], dir).stdout, /migrations 1 applied \(latest Migration\d{14}_init\), 1 pending/);
});

cli('a CommonJS project with tabs, double quotes and path aliases gets migrations in its style', () => {
  const dir = project('express-cjs-tabs');
  const created = migrate(dir, '--create', 'init');
  assert.is(created.code, 0, created.stderr);
  const folder = join(dir, 'src/database/migrations');
  const file = readdirSync(folder).find(f => f.endsWith('_init.ts'))!;
  const code = readFileSync(join(folder, file), 'utf8');
  assert.match(code, 'import { Migration } from "farm-db/migrations";');
  assert.match(code, /\n\toverride async up\(\): Promise<void> \{\n\t\tthis\.addSql\(`create table/);
  assert.is(migrate(dir).code, 0);
});

cli('a tsc-compiled CommonJS app applies its migrations at start-up with db.migrate()', () => {
  const dir = project('express-cjs-tabs');
  assert.is(migrate(dir, '--create', 'init').code, 0);
  compile(dir);
  // What the app's start-up does: the compiled connection module, then db.migrate().
  const startUp = `const { db } = require('./dist/database/connection.js');
    db.initialize().then(() => db.migrate()).then(async applied => { console.log(JSON.stringify(applied)); await db.shutdown(); });`;
  const run = () => spawnSync(process.execPath, ['-r', './scripts/register-aliases.cjs', '-e', startUp], { cwd: dir, encoding: 'utf8' });
  const first = run();
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /^\["Migration\d{14}_init"\]/);
  assert.match(run().stdout, /^\[\]/, 'the second start has nothing to apply');
  assert.match(migrate(dir, '--status').stdout, /applied\s+\S+\s+Migration\d{14}_init/);
});

cli('--sql --offline prints every migration without reaching the database', () => {
  const dir = project('express-esm');
  assert.is(migrate(dir, '--create', 'init').code, 0);
  assert.is(migrate(dir).code, 0);
  // Point the project at a PostgreSQL nobody listens on: the offline preview does not notice.
  const config = join(dir, 'farm.config.ts');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/type: 'sqlite'[^\n]*\n[^\n]*url: [^\n]*/, "type: 'postgresql',\n    url: 'postgresql://nobody@127.0.0.1:1/none',"));
  const offline = migrate(dir, '--sql', '--offline');
  assert.is(offline.code, 0, offline.stderr);
  assert.match(offline.stdout, /-- Migration\d{14}_init \(up\)\ncreate table `example`/, 'the already applied one too');
  assert.is.not(migrate(dir, '--sql').code, 0, 'without --offline it needs the database');
  assert.is(migrate(dir, '--down', '--sql', '--offline').code, 2);
});

cli('nothing to create, nothing pending and nothing to roll back are said plainly', () => {
  const dir = project('node-http');
  assert.match(migrate(dir).stdout, 'Up to date: no pending migrations.');
  assert.match(migrate(dir, '--down').stdout, 'Nothing to roll back.');
  migrate(dir, '--create', 'init');
  assert.match(migrate(dir, '--create').stdout, 'nothing to create');
});

cli('bad flags are usage errors (exit 2) and change nothing', () => {
  const dir = project('express-esm');
  for (const args of [['--steps', '2'], ['--blank'], ['--create', 'bad name!'], ['--status', '--check'], ['--down', '--steps', 'x'], ['--nope']]) {
    const result = migrate(dir, ...args);
    assert.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^error: /);
  }
  assert.not.ok(readdirSync(join(dir, 'src/database')).includes('migrations'));
});

cli('a project without farm db add gets told to run it', () => {
  const dir = copyFixture('express-esm');
  const result = migrate(dir);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, /farm db add/);
});

cli.run();
