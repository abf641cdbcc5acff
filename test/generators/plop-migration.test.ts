import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, REPO } from '../support/generated-project.ts';

const PLOP = join(createRequire(import.meta.url).resolve('plop/package.json'), '../bin/plop.js');
const plop = suite('npx plop db:migration');

/** plop as a user runs it in their project, without a terminal. */
function runPlop(dir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [PLOP, '--plopfile', join(REPO, 'plopfile.ts'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  // plop reports its actions on stderr when stdout is not a terminal.
  return { status: result.status, stdout: result.stdout + result.stderr, stderr: result.stderr };
}

plop('creates a migration from the models, with the name bypassed on the command line', () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const result = runPlop(dir, 'db:migration', 'init');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /created src\/database\/migrations\/Migration\d{14}_init\.ts/);
  const second = runPlop(dir, 'db:migration', '--', '--name', 'again');
  assert.match(second.stdout, 'nothing to create');
  const blank = runPlop(dir, 'db:migration:blank', 'by_hand');
  assert.is(blank.status, 0, blank.stderr);
  assert.match(blank.stdout, /created src\/database\/migrations\/Migration\d{14}_by_hand\.ts/);
  assert.equal(readdirSync(join(dir, 'src/database/migrations')).filter(f => f.endsWith('.ts')).length, 2);
});

plop.run();
