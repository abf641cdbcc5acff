import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, REPO } from '../support/generated-project.ts';
import { runInPty } from '../support/pty.ts';

const lint = suite('farm db migrate: the lint');
const MIGRATIONS = 'src/database/migrations';

/** A SQLite project migrated once, whose example model then loses its `name` property. */
function projectDroppingAColumn(): string {
  const dir = copyFixture('express-esm');
  for (const args of [['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], ['db', 'migrate', '--create', 'init'], ['db', 'migrate']]) {
    const result = farm(args, dir);
    assert.is(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  }
  const model = join(dir, 'src/models/example.ts');
  writeFileSync(model, readFileSync(model, 'utf8').replace(/\n\s*name: p\.string\(\),/, ''));
  return dir;
}

const files = (dir: string) => readdirSync(join(dir, MIGRATIONS)).sort();
const contents = (dir: string) => files(dir).map(file => readFileSync(join(dir, MIGRATIONS, file), 'utf8'));

lint('--create refuses a migration that drops a column (exit 1) and leaves the folder as it was', () => {
  const dir = projectDroppingAColumn();
  const before = contents(dir);
  const result = farm(['db', 'migrate', '--create', 'drop_name'], dir);
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stdout, /error drop-column .*drop_name/);
  assert.match(result.stdout, 'safer:');
  assert.match(result.stdout, '--allow <rule>');
  assert.equal(contents(dir), before, 'the migration and the snapshot are undone');
});

lint('--create --allow drop-column keeps it, reported as allowed', () => {
  const dir = projectDroppingAColumn();
  const result = farm(['db', 'migrate', '--create', 'drop_name', '--allow', 'drop-column'], dir);
  assert.is(result.code, 0, result.stdout);
  assert.match(result.stdout, /allowed drop-column/);
  assert.ok(files(dir).some(file => file.endsWith('_drop_name.ts')));
});

lint('--lint fails on a hand-written drop table, and passes once the migration allows it', () => {
  const dir = projectDroppingAColumn();
  assert.is(farm(['db', 'migrate', '--create', 'by_hand', '--blank'], dir).code, 0);
  const file = join(dir, MIGRATIONS, files(dir).find(f => f.endsWith('_by_hand.ts'))!);
  const text = readFileSync(file, 'utf8').replace(/\/\/ this\.addSql\('\.\.\.'\);/, "this.addSql('drop table `example`');");
  writeFileSync(file, text);
  const failing = farm(['db', 'migrate', '--lint'], dir);
  assert.is(failing.code, 1, failing.stdout);
  assert.match(failing.stdout, /error drop-table .*by_hand/);
  writeFileSync(file, `// farm-db-allow: drop-table\n${text}`);
  const passing = farm(['db', 'migrate', '--lint'], dir);
  assert.is(passing.code, 0, passing.stdout);
  assert.match(passing.stdout, /allowed drop-table/);
});

lint('--check lints the difference it reports', () => {
  const dir = projectDroppingAColumn();
  const result = farm(['db', 'migrate', '--check'], dir);
  assert.is(result.code, 1);
  assert.match(result.stdout, /error drop-column \(the difference\)/);
});

lint('an unknown --allow rule is a usage error with the closest rule (exit 2)', () => {
  const dir = projectDroppingAColumn();
  const result = farm(['db', 'migrate', '--lint', '--allow', 'drop-colum'], dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'did you mean drop-column?');
});

for (const [answer, kept] of [['y', true], ['n', false]] as const) {
  lint(`on a terminal --create asks before keeping a destructive migration; "${answer}" ${kept ? 'keeps it' : 'undoes it'}`, async () => {
    const dir = projectDroppingAColumn();
    const before = contents(dir);
    const command = `${process.execPath} ${join(REPO, 'bin/farm.ts')} db migrate --create drop_name`;
    const { code, output } = await runInPty(command, dir, [[/destroys data: keep it\?/, `${answer}\r`]], 60_000);
    assert.is(code, kept ? 0 : 1, output);
    assert.is(files(dir).some(file => file.endsWith('_drop_name.ts')), kept);
    if (!kept) assert.equal(contents(dir), before);
  });
}

lint.run();
