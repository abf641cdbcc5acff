/**
 * On a Node older than 22.17 (the host's Node 20 in CI: FARM_TEST_OLD_NODE), the installed command and `npm test`
 * say which Node they need and how to get it, and exit 1, instead of a SyntaxError or ERR_UNKNOWN_FILE_EXTENSION.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import * as assert from 'uvu/assert';
import { REPO } from '../support/generated-project.ts';
import { optionalSuite } from '../support/optional-suite.ts';
import { packFarmDb } from '../support/packed-app.ts';

const { test, url: oldNode } = optionalSuite('farm-db on a Node older than 22.17', 'FARM_TEST_OLD_NODE', { app: '' });

/** PATH with the old Node first, as for a user whose `node` is that one. */
const oldNodeEnv = () => ({ ...process.env, NO_COLOR: '1', PATH: [dirname(oldNode!), process.env.PATH].join(delimiter) });

test.before(context => {
  const version = spawnSync(oldNode!, ['--version'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(/^v(1\d|2[01])\.|^v22\.(\d|1[0-6])\./.test(version), `FARM_TEST_OLD_NODE (${oldNode}) is ${version}, not older than 22.17`);
  context.app = join(mkdtempSync(join(tmpdir(), 'farm-old-node-')), 'app');
  mkdirSync(context.app);
  writeFileSync(join(context.app, 'package.json'), '{ "name": "old-node-app", "private": true }\n');
  const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].join(delimiter) };
  const install = spawnSync('npm', ['install', '--prefer-offline', '--loglevel=error', '--no-audit', '--no-fund', packFarmDb()], { cwd: context.app, env, encoding: 'utf8' });
  assert.is(install.status, 0, install.stderr);
});
test.after(context => {
  if (context.app) rmSync(dirname(context.app), { recursive: true, force: true });
});

const NEEDS = /needs Node\.js >= 22\.17 \(this is \d+\.\d+\.\d+\): install a current Node\.js[^]*nodejs\.org[^]*nvm install 24/;

for (const bin of ['farm-db', 'farm']) {
  test(`the installed \`${bin}\` says it needs Node.js >= 22.17, which Node this is and how to upgrade, and exits 1`, ({ app }) => {
    const result = spawnSync(join(app, 'node_modules/.bin', bin), ['db', 'add', '--type', 'sqlite'], { cwd: app, env: oldNodeEnv(), encoding: 'utf8' });
    assert.is(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^farm-db ${NEEDS.source}`));
    assert.not.match(result.stderr, /SyntaxError|ERR_|at .*:\d+:\d+/);
  });
}

test('`npm test` says which Node the test suite needs before it loads any .ts file, and exits 1', () => {
  const result = spawnSync('npm', ['test', '--silent'], { cwd: REPO, env: oldNodeEnv(), encoding: 'utf8', timeout: 120_000 });
  assert.is(result.status, 1, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stderr, new RegExp(`farm-db's test suite ${NEEDS.source}`));
  assert.not.match(result.stderr, 'ERR_UNKNOWN_FILE_EXTENSION');
});

test.run();
