import * as assert from 'uvu/assert';
import { checkDrain, PROBE_ENV } from './drain-check.ts';
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
  /** The app's slow route, in flight when SIGTERM arrives (default /slow). */
  slow?: string;
}

/**
 * Starts the app with its own script, checks that /health/db answers 200 with status pass, and stops it
 * with SIGTERM (also when the check failed); resolves with how it ended and what it printed. With `drain`,
 * the SIGTERM comes while that slow route is in flight (checkDrain: it gets its 200, then the database closes).
 */
export async function bootAndCheckHealth(
  app: PackedApp,
  opts: { script?: string; cwd?: string; env?: Record<string, string>; drain?: { slow: string } } = {},
): Promise<{ code: number | null; signal: string | null; output: string }> {
  const env = opts.drain ? { ...opts.env, ...PROBE_ENV } : opts.env;
  const running = await app.start(opts.script ?? 'start', { cwd: opts.cwd, env });
  const failure = await (async () => {
    const health = await running.get('/health/db');
    assert.is(health.status, 200, running.output());
    assert.is((JSON.parse(health.body) as { status: string }).status, 'pass', health.body);
  })().then(() => undefined, (error: unknown) => error ?? new Error('the health check failed'));
  if (failure || !opts.drain) {
    const end = await running.stop();
    if (failure) throw failure;
    return { code: end.code, signal: end.signal, output: running.output() };
  }
  const end = await checkDrain(running, { slow: opts.drain.slow });
  return { code: end.code, signal: end.signal, output: running.output() };
}

/**
 * The whole sequence a user goes through, with the app's own tools: `farm-db db add --type sqlite --yes`,
 * its tsc, its build and start scripts, /health/db passing, SIGTERM while a slow request is in flight
 * (it still gets its 200, then the database closes, then the app exits 0), and a re-run that writes nothing.
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
  const end = await bootAndCheckHealth(app, { script: expect.start, cwd, drain: { slow: expect.slow ?? '/slow' } });
  assert.is(end.signal, null, end.output);
  const before = app.snapshot();
  const again = app.farm(args, { cwd });
  assert.is(again.code, 0, `${again.stdout}\n${again.stderr}`);
  assert.equal([...app.snapshot().keys()].filter(key => app.snapshot().get(key) !== before.get(key)), [], 'a re-run writes nothing');
}
