import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir, TESTING_TARGETS } from './support/servers.ts';

const root = join(import.meta.dirname, '..', '..');
const specs = 'test/testing/frameworks';
const require = createRequire(import.meta.url);
const uvuBin = join(dirname(require.resolve('uvu')), '..', 'bin.js');
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');

/** Each framework runs the two spec files at the same time, in workers of their own. */
const FRAMEWORKS: { name: string; runs: string[][] }[] = [
  { name: 'node:test', runs: [['--test', '--test-concurrency=2', `${specs}/node-test-a.spec.ts`, `${specs}/node-test-b.spec.ts`]] },
  {
    name: 'vitest',
    runs: [[vitestBin, 'run', '--pool=forks', '--poolOptions.forks.minForks=2', '--poolOptions.forks.maxForks=2', '--dir', specs, 'vitest-']],
  },
  { name: 'uvu', runs: [[uvuBin, specs, 'uvu-a\\.spec\\.ts$'], [uvuBin, specs, 'uvu-b\\.spec\\.ts$']] },
];

for (const target of TESTING_TARGETS) {
  const s = suite(`farm-db/testing under test runners [${target.name}]`);
  for (const framework of FRAMEWORKS) {
    s(`${framework.name}: parallel workers each get their own database, rolled back per test, dropped at the end`, async () => {
      const temp = tempDir('farm-frameworks-');
      try {
        const out = join(temp.dir, 'names.txt');
        writeFileSync(out, '');
        const env = { ...process.env, FARM_EXAMPLE_CONFIG: JSON.stringify(target.config), FARM_EXAMPLE_OUT: out };
        const results = await Promise.all(framework.runs.map(args => run(args, env)));
        for (const result of results) assert.is(result.code, 0, result.output);
        const names = readFileSync(out, 'utf8').trim().split('\n');
        assert.is(names.length, 2, `one database per spec file, got ${names.join(', ')}`);
        assert.is.not(names[0], names[1]);
        for (const name of names) assert.not.ok(await target.exists(name), `${name} is still there`);
      } finally {
        temp.remove();
      }
    });
  }
  s.run();
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', code => resolve({ code, output }));
  });
}
