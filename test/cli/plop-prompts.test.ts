import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, REPO, snapshot } from '../support/generated-project.ts';
import { runInPty } from '../support/pty.ts';

const PLOP = join(createRequire(import.meta.url).resolve('plop/package.json'), '../bin/plop.js');
const plopCommand = `${process.execPath} ${PLOP} --plopfile ${join(REPO, 'plopfile.ts')} db --skip-install`;
const DOWN = '\x1b[B';
const ENTER = '\r';
const URL = 'postgresql://app:pw@db.internal:5432/app';

/** The answers up to "Write these changes?", choosing PostgreSQL and an existing URL. */
const upToConfirm = (): [RegExp, string][] => [
  [/Which database\?/, ENTER],
  [/How will the app reach it\?/, `${DOWN}${ENTER}`],
  [/\? Database URL[^\n]*/, `${URL}${ENTER}`],
  [/App entry file/, ENTER],
  [/Models folder/, ENTER],
  [/Install the dependencies now\?/, `n${ENTER}`],
];

const prompts = suite<{ dir: string }>('npx plop db on a terminal');
prompts.before.each(context => {
  context.dir = copyFixture('express-esm');
});
prompts.after.each(context => rmSync(context.dir, { recursive: true, force: true }));

prompts('after "An existing database URL" the URL question does not offer the compose service', async ({ dir }) => {
  const { output } = await runInPty(plopCommand, dir, [...upToConfirm(), [/Write these changes\?/, `n${ENTER}`]]);
  assert.match(output, '? Database URL: ');
  assert.not.match(output, 'leave empty');
});

prompts('the database list shows labels, not ids', async ({ dir }) => {
  const { output } = await runInPty(plopCommand, dir, [...upToConfirm(), [/Write these changes\?/, `n${ENTER}`]]);
  assert.match(output, 'SQLite (embedded, no server)');
  assert.not.match(output, /^\s*(❯ )?sqlserver\s*$/m);
});

prompts('the change list is shown and confirmed before writing; "no" writes nothing', async ({ dir }) => {
  const before = snapshot(dir);
  const { code, output } = await runInPty(plopCommand, dir, [...upToConfirm(), [/Write these changes\?/, `n${ENTER}`]]);
  assert.is(code, 0, output);
  assert.match(output, /farm-db will write:\r?\n {2}create \.env\r?\n/);
  assert.match(output, '  update src/index.ts');
  assert.match(output, 'farm db add nothing was written');
  assert.equal(snapshot(dir), before);
});

prompts('"yes" writes, and the summary names the command', async ({ dir }) => {
  const { code, output } = await runInPty(plopCommand, dir, [...upToConfirm(), [/Write these changes\?/, ENTER]]);
  assert.is(code, 0, output);
  assert.match(output, 'farm db add wrote:');
  assert.not.match(output, 'farm-db-add');
  assert.match(readFileSync(join(dir, '.env'), 'utf8'), `DATABASE_URL=${URL}`);
  assert.not.ok(existsSync(join(dir, 'compose.yaml')), 'no compose service for an existing URL');
});

prompts('farm db add\'s own question lists the databases by label', async ({ dir }) => {
  const farmCommand = `${process.execPath} ${join(REPO, 'bin/farm.ts')} db add --skip-install`;
  const before = snapshot(dir);
  const { code, output } = await runInPty(farmCommand, dir, [[/Which database\?/, ENTER], [/Write these changes\?/, `n${ENTER}`]]);
  assert.is(code, 0, output);
  assert.match(output, 'PostgreSQL');
  assert.match(output, 'SQLite (embedded, no server)');
  assert.not.match(output, /^\s*(❯ )?postgresql\s*$/m);
  assert.equal(snapshot(dir), before);
});

prompts.run();

const bypass = suite('npx plop db without a terminal');

bypass('the summary names the command, not an internal action id', () => {
  const dir = copyFixture('express-esm');
  try {
    const result = spawnSync(process.execPath, [PLOP, '--plopfile', join(REPO, 'plopfile.ts'), 'db', 'sqlite', '--skip-install'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
    });
    const output = result.stdout + result.stderr;
    assert.is(result.status, 0, output);
    assert.match(output, 'farm db add wrote:');
    assert.not.match(output, 'farm-db-add');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bypass.run();
