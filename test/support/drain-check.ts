/**
 * The shutdown check every boot test shares: a slow request is in flight when SIGTERM arrives; it must
 * still get its 200, the database must close after it finished, and the process must not end before
 * the database closed. The timestamps come from shutdown-probe.ts, preloaded with PROBE_ENV.
 */
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { AppRun, RunningApp } from './packed-app.ts';

/** The environment that preloads the probe into the app (and into a launcher such as tsx, which passes it on). */
export const PROBE_ENV = { NODE_OPTIONS: `--import=${join(import.meta.dirname, 'shutdown-probe.ts')}` };

/** How long the fixtures' slow routes take (setTimeout 1500), less a margin for timer granularity. */
const SLOW_MS = 1400;

const probeTime = (output: string, event: string) => Number(new RegExp(`\\[probe\\] ${event} at=(\\d+)`).exec(output)?.[1] ?? NaN);

export interface DrainOptions {
  /** The app's slow route (default /slow). */
  slow?: string;
  /** Nest ends by re-raising the signal once its shutdown hooks ran; everyone else exits 0. */
  nest?: boolean;
}

/**
 * Requests `slow`, sends SIGTERM 300 ms later, and checks the order of what follows. Resolves with how
 * the process ended; the app is stopped either way (SIGKILL when a check failed before SIGTERM was sent).
 */
export async function checkDrain(running: RunningApp, opts: DrainOptions = {}): Promise<AppRun & { signal: string | null }> {
  const slowStarted = Date.now();
  const slow = running.get(opts.slow ?? '/slow').catch((error: Error) => ({ status: 0, body: String(error.cause ?? error) }));
  await new Promise(resolve => setTimeout(resolve, 300));
  const exit = await running.stop('SIGTERM', 20_000);
  const answer = await slow;
  const output = running.output();
  assert.is(answer.status, 200, `the request in flight was cut: ${answer.body}\n${output}`);
  const closedAt = probeTime(output, 'db closed');
  assert.ok(closedAt >= slowStarted + SLOW_MS, `the database did not close after the request in flight finished:\n${output}`);
  const exitedAt = probeTime(output, 'exit \\S+');
  const diedBySignal = !!opts.nest && exit.signal === 'SIGTERM';
  // A process that re-raised the signal has no 'exit' event.
  assert.ok(diedBySignal ? Number.isNaN(exitedAt) : closedAt <= exitedAt, `the process exited before the database closed:\n${output}`);
  if (opts.nest) assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `exit ${exit.code} ${exit.signal}\n${output}`);
  else assert.is(exit.code, 0, output);
  return exit;
}
