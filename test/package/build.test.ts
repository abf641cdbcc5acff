import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

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

test('the built `farm` relaunches a data command in place with its heap flags', () => {
  // A stand-in for dist/bin/farm.js's first lines, run from the build like the published bin.
  const probe = join(outDir, 'relaunch-probe.mjs');
  writeFileSync(probe, `import { relaunchForDataCommand } from './bin/relaunch.js';
process.stderr.write('started\\n');
relaunchForDataCommand(process.argv.slice(2));
console.log(JSON.stringify({ execArgv: process.execArgv }));`);
  const result = spawnSync(process.execPath, [probe, 'db', 'import', 'backup'], { encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stderr.match(/^started$/gm)?.length, 2);
  assert.equal(JSON.parse(result.stdout).execArgv, ['--max-semi-space-size=16', '--heap-growing-percent=50']);
});

test('package.json maps both entries to the build', () => {
  const pkg = createRequire(import.meta.url)(join(root, 'package.json'));
  assert.is(pkg.exports['.'].default, './dist/index.js');
  assert.is(pkg.exports['./runtime'].default, './dist/runtime/index.js');
  assert.is(pkg.exports['./runtime'].types, './dist/runtime/index.d.ts');
});

test.run();
