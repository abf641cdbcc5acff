import * as assert from 'uvu/assert';
import type { PackedApp } from './packed-app.ts';

export interface BootExpectations {
  /** Where the command runs, relative to the fixture root (a monorepo root: ''). */
  cwd?: string;
  /** Scripts that must run (e.g. 'build') before `start`. */
  build?: string[];
  /** The script that starts the app (default 'start'). */
  start?: string;
  /** Checks on the app after `db add`, before it is built. */
  afterAdd?: (app: PackedApp, output: string) => void;
  /** Checks after the build (output paths). */
  afterBuild?: (app: PackedApp) => void;
  /** The tsc arguments of the app's own typecheck. */
  tsc?: string[];
  /** Extra arguments of `farm-db db add` (e.g. --dir ../.. to run it on a monorepo root). */
  addArgs?: string[];
}

/**
 * The whole sequence a user goes through, with the app's own tools: `farm-db db add --type sqlite --yes`,
 * its tsc, its build and start scripts, /health/db passing, SIGTERM ending it cleanly, and a re-run
 * that writes nothing.
 */
export async function bootWithSqlite(app: PackedApp, expect: BootExpectations = {}): Promise<void> {
  const cwd = expect.cwd;
  const args = ['db', 'add', '--type', 'sqlite', '--yes', ...(expect.addArgs ?? [])];
  const add = app.farm(args, { cwd });
  assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
  expect.afterAdd?.(app, `${add.stdout}\n${add.stderr}`);
  const tsc = app.run('npx', ['tsc', ...(expect.tsc ?? ['--noEmit'])], { cwd });
  assert.is(tsc.code, 0, `${tsc.stdout}\n${tsc.stderr}`);
  for (const script of expect.build ?? []) {
    const built = app.run('npm', ['run', script], { cwd });
    assert.is(built.code, 0, `${built.stdout}\n${built.stderr}`);
  }
  expect.afterBuild?.(app);
  const running = await app.start(expect.start ?? 'start', { cwd });
  try {
    const health = await running.get('/health/db');
    assert.is(health.status, 200, running.output());
    assert.is((JSON.parse(health.body) as { status: string }).status, 'pass', health.body);
  } finally {
    const end = await running.stop();
    assert.is(end.signal, null, running.output());
  }
  const before = app.snapshot();
  const again = app.farm(args, { cwd });
  assert.is(again.code, 0, `${again.stdout}\n${again.stderr}`);
  assert.equal([...app.snapshot().keys()].filter(key => app.snapshot().get(key) !== before.get(key)), [], 'a re-run writes nothing');
}
