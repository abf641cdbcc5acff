/**
 * `npx plop db` in a user's project, from the packed tarball: `npm i -D farm-db plop` and the one line the README
 * documents (plopfile.mjs: `export { default } from 'farm-db/plopfile';`), answered on a terminal and bypassed
 * from the command line.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { installFixture, type PackedApp } from '../support/packed-app.ts';
import { runInPty } from '../support/pty-quiet.ts';

/** The line the README tells users to put in plopfile.mjs. */
export const PLOPFILE_LINE = "export { default } from 'farm-db/plopfile';\n";

const test = suite<{ app: PackedApp; pristine: Map<string, string> }>('npx plop db with farm-db installed from the tarball', {} as never);

test.before(context => {
  context.app = installFixture('express-esm');
  const plop = context.app.run('npm', ['install', '-D', '--prefer-offline', '--loglevel=error', 'plop@4']);
  assert.is(plop.code, 0, plop.stderr);
  writeFileSync(join(context.app.dir, 'plopfile.mjs'), PLOPFILE_LINE);
  context.pristine = context.app.snapshot();
});
test.after(context => context.app?.cleanup());

/** Puts the project back as installed (each test starts from the same app). */
test.before.each(({ app, pristine }) => {
  for (const file of app.snapshot().keys()) if (!pristine.has(file)) rmSync(join(app.dir, file));
  for (const [file, content] of pristine) writeFileSync(join(app.dir, file), content);
});

const read = (app: PackedApp, file: string) => (existsSync(join(app.dir, file)) ? readFileSync(join(app.dir, file), 'utf8') : '');

test('`farm-db/plopfile` resolves from the app and exports the plop generator function', ({ app }) => {
  const probe = app.run('node', ['--input-type=module', '-e', "const m = await import('farm-db/plopfile'); console.log(typeof m.default)"]);
  assert.is(probe.code, 0, probe.stderr);
  assert.is(probe.stdout.trim(), 'function');
});

test('bypassed from the command line: `npx plop db sqlite` wires SQLite without a prompt', ({ app }) => {
  const result = app.run('npx', ['--no-install', 'plop', '--no-progress', 'db', 'sqlite'], { timeoutMs: 180_000 });
  assert.is(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(read(app, 'farm.config.ts'), 'sqlite');
  assert.match(read(app, 'src/index.ts'), 'initialize');
});

test('bypassed with named arguments: `npx plop db -- --type sqlite`', ({ app }) => {
  const result = app.run('npx', ['--no-install', 'plop', '--no-progress', 'db', '--', '--type', 'sqlite'], { timeoutMs: 180_000 });
  assert.is(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(read(app, 'farm.config.ts'), 'sqlite');
});

test('answered on a terminal: PostgreSQL through the compose service, defaults for the rest, no install', async ({ app }) => {
  const env = { ...process.env, PATH: `${join(app.dir, 'node_modules/.bin')}:${process.env.PATH}`, NO_COLOR: '1' };
  const run = await runInPty('npx --no-install plop --no-progress db', {
    cwd: app.dir,
    env,
    // The first choice of every list (PostgreSQL, the compose service), the default of every input, "no" to installing now.
    // (Only the question itself: its echoed answer may precede the next prompt, "Write these changes?", which is accepted.)
    answer: prompt => (/Install the dependencies now\? \(Y\/n\)\s*$/.test(prompt.split('\n').filter(Boolean).at(-1) ?? '') ? 'n\r' : '\r'),
  });
  assert.is(run.code, 0, run.screen);
  assert.match(run.screen, 'Which database?');
  assert.ok(run.typed.some(t => t.keys === 'n\r'), `the install question was asked and answered no:\n${run.screen}`);
  assert.match(read(app, 'farm.config.ts'), 'postgresql', run.screen);
  assert.match(read(app, 'docker-compose.yml') || read(app, 'compose.yaml'), 'postgres');
});

test('a re-run through the same plopfile writes nothing', ({ app }) => {
  const first = app.run('npx', ['--no-install', 'plop', '--no-progress', 'db', 'sqlite'], { timeoutMs: 180_000 });
  assert.is(first.code, 0, first.stderr);
  const before = app.snapshot();
  const again = app.run('npx', ['--no-install', 'plop', '--no-progress', 'db', 'sqlite'], { timeoutMs: 180_000 });
  assert.is(again.code, 0, again.stderr);
  assert.equal(app.snapshot(), before);
});

test.run();
