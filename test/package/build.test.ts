import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { optionalSuite } from '../support/optional-suite.ts';
import { copyFixture } from '../support/generated-project.ts';

const root = new URL('../../', import.meta.url).pathname;
// Inside node_modules so that the built files resolve @mikro-orm/* like an installed package.
const outDir = join(root, 'node_modules/.cache/farm-db-build-test');
// typescript's exports map hides its CLI; bin/tsc sits beside package.json.
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');

test('the build emits JavaScript and declarations for both published entries', () => {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'pipe' });
  for (const file of ['index.js', 'index.d.ts', 'runtime/index.js', 'runtime/index.d.ts']) {
    assert.ok(existsSync(join(outDir, file)), `${file} emitted`);
  }
});

test('the built `farm-db` entry exports the config helpers', async () => {
  const entry = await import(join(outDir, 'index.js'));
  for (const name of ['defineConfig', 'env', 'loadConfig', 'FarmConfigError', 'DATABASE_TYPES']) {
    assert.ok(name in entry, `exports ${name}`);
  }
  assert.equal(entry.defineConfig({ database: { type: 'sqlite', url: ':memory:' } }).database.type, 'sqlite');
});

test('the built `farm-db/runtime` entry runs a transaction on SQLite', async () => {
  const { DatabaseManager, defineEntity, p } = await import(join(outDir, 'runtime/index.js'));
  const Note = defineEntity({ name: 'Note', properties: { id: p.integer().primary(), text: p.string() } });
  const db = new DatabaseManager({ type: 'sqlite', url: ':memory:', schema: 'update' });
  db.registerModel(Note);
  await db.initialize();
  try {
    await db.transaction(async (em: { create: (e: unknown, d: object) => void }) => em.create(Note, { id: 1, text: 'hi' }));
    assert.is(await db.em.count(Note, {}), 1);
  } finally {
    await db.shutdown();
  }
});

test('the built `farm-db/dashboard` entry serves the dashboard of a `farm-db/runtime` manager', async () => {
  const { DatabaseManager } = await import(join(outDir, 'runtime/index.js'));
  const { serveDashboard } = await import(join(outDir, 'dashboard/index.js'));
  const db = new DatabaseManager({ type: 'sqlite', url: ':memory:' });
  await db.initialize();
  try {
    const served = await serveDashboard(db, { port: 0 });
    try {
      const response = await fetch(new URL('state', served.url));
      assert.is(response.status, 200);
      assert.is(((await response.json()) as { provider: string }).provider, 'SQLite');
    } finally {
      await served.close();
    }
  } finally {
    await db.shutdown();
  }
});

/** Runs a stand-in for dist/bin/farm.js's first lines, from the build like the published bin: how often it started, and its Node flags in the end. */
function relaunchProbe(node: string, args: string[], nodeFlags: string[] = []) {
  const probe = join(outDir, 'relaunch-probe.mjs');
  writeFileSync(probe, `import { relaunchWithNodeFlags } from './bin/relaunch.js';
process.stderr.write('started\\n');
relaunchWithNodeFlags(process.argv.slice(2));
console.log(JSON.stringify({ execArgv: process.execArgv }));`);
  const result = spawnSync(node, [...nodeFlags, probe, ...args], { encoding: 'utf8', timeout: 20_000 });
  assert.is(result.status, 0, result.stderr);
  return { starts: result.stderr.match(/^started$/gm)?.length, execArgv: (JSON.parse(result.stdout) as { execArgv: string[] }).execArgv };
}

test('the built `farm` relaunches a data command in place with its heap flags', () => {
  assert.equal(relaunchProbe(process.execPath, ['db', 'import', 'backup']), { starts: 2, execArgv: ['--max-semi-space-size=16', '--heap-growing-percent=50'] });
});

test("a user flag that undoes one of farm's (type stripping turned off) is kept, and farm relaunches once, not forever", () => {
  const run = relaunchProbe(process.execPath, ['db', 'info'], ['--no-experimental-strip-types']);
  assert.is(run.starts, 2);
  assert.ok(run.execArgv.includes('--no-experimental-strip-types'));
});

test('package.json maps both entries to the build', () => {
  const pkg = createRequire(import.meta.url)(join(root, 'package.json'));
  assert.is(pkg.exports['.'].default, './dist/index.js');
  assert.is(pkg.exports['./runtime'].default, './dist/runtime/index.js');
  assert.is(pkg.exports['./runtime'].types, './dist/runtime/index.d.ts');
  assert.is(pkg.exports['./dashboard'].default, './dist/dashboard/index.js');
  assert.equal(pkg.typesVersions['*'].dashboard, ['./dist/dashboard/index.d.ts']);
});

test.run();

// The oldest Node farm-db supports (22.17) strips TypeScript types only with a flag.
const { test: oldest, url: oldestNode } = optionalSuite('the built `farm` on Node 22.17', 'FARM_TEST_NODE_22_17', {});

oldest('relaunches itself with type stripping (and without its warning), data commands with the heap flags too', () => {
  assert.equal(relaunchProbe(oldestNode!, ['db', 'info']), { starts: 2, execArgv: ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'] });
  assert.equal(relaunchProbe(oldestNode!, ['db', 'export']).execArgv, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--max-semi-space-size=16', '--heap-growing-percent=50']);
});

oldest("reads the project's farm.config.ts, models and data: db add, migrate, export", () => {
  const dir = copyFixture('express-esm');
  const cli = (...args: string[]) => spawnSync(oldestNode!, [join(outDir, 'bin/farm.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  for (const args of [['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], ['db', 'migrate', '--create', 'init'], ['db', 'migrate'], ['db', 'export', '--out', join(dir, 'snapshot')]]) {
    const result = cli(...args);
    assert.is(result.status, 0, `farm ${args.join(' ')}: ${result.stderr}`);
    assert.not.match(result.stderr, 'ExperimentalWarning');
  }
  assert.match(cli('db', 'info').stdout, 'SQLite');
});

oldest.run();
