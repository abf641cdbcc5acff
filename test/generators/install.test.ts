/**
 * The install step runs the project's own package manager. farm-db is not on the registry yet,
 * so a real install of a generated project cannot resolve it; these specs put a recording
 * stand-in for npm/pnpm/yarn/bun first on PATH and check which one runs, where, and what a
 * failed install does.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm } from '../support/generated-project.ts';

const install = suite('db add: installs with the project\'s package manager');

/** A folder with stand-ins for every package manager; each records "name args cwd" and exits with `code`. */
function standIns(dir: string, code = 0): { env: NodeJS.ProcessEnv; calls: () => string[] } {
  const bin = join(dir, '.stand-ins');
  const log = join(bin, 'calls.log');
  mkdirSync(bin, { recursive: true });
  for (const name of ['npm', 'pnpm', 'yarn', 'bun']) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $* $(pwd)" >> "${log}"\nexit ${code}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return {
    env: { PATH: `${bin}${delimiter}${process.env.PATH}` },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}

const add = (dir: string, env: NodeJS.ProcessEnv) => farm(['db', 'add', '--type', 'sqlite', '--yes'], dir, env);

for (const [lockfile, manager] of [['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['bun.lock', 'bun'], ['package-lock.json', 'npm']] as const) {
  install(`a ${lockfile} means ${manager} install runs in the project`, () => {
    const dir = copyFixture('express-esm');
    rmSync(join(dir, 'package-lock.json'), { force: true });
    writeFileSync(join(dir, lockfile), '');
    const { env, calls } = standIns(dir);
    const result = add(dir, env);
    assert.is(result.code, 0, result.stderr);
    // pnpm is told to update the lockfile: with CI set it would refuse the package.json farm-db just changed.
    const command = manager === 'pnpm' ? 'pnpm install --no-frozen-lockfile' : `${manager} install`;
    assert.equal(calls(), [`${command} ${dir}`]);
    assert.match(result.stdout, `Dependencies installed (${command})`);
  });
}

install('the packageManager field wins over the lockfile', () => {
  const dir = copyFixture('express-esm');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'pnpm@9.12.0' }, null, 2) + '\n');
  writeFileSync(join(dir, 'package-lock.json'), '{}');
  const { env, calls } = standIns(dir);
  assert.is(add(dir, env).code, 0);
  assert.equal(calls(), [`pnpm install --no-frozen-lockfile ${dir}`]);
});

install('in a workspace the install runs at the root, where the lockfile is', () => {
  const dir = copyFixture('seed-monorepo');
  const { env, calls } = standIns(dir);
  assert.is(add(dir, env).code, 0);
  assert.equal(calls(), [`npm install ${dir}`]);
});

install('--skip-install and a re-run with nothing to change run no install', () => {
  const dir = copyFixture('express-esm');
  const { env, calls } = standIns(dir);
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir, env).code, 0);
  assert.is(add(dir, env).code, 0);
  assert.equal(calls(), []);
});

install('a failed install exits 1, says how to finish, and keeps the written files', () => {
  const dir = copyFixture('express-esm');
  const { env } = standIns(dir, 7);
  const result = add(dir, env);
  assert.is(result.code, 1);
  assert.match(result.stderr, `npm install failed (exit 7); the files are written: run it yourself in ${dir}`);
  assert.ok(existsSync(join(dir, 'farm.config.ts')));
  assert.match(readFileSync(join(dir, 'package.json'), 'utf8'), '"farm-db"');
});

install.run();
