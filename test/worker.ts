/**
 * One of test/run.ts's workers: takes test files from the runner (IPC messages), and runs each with uvu in this
 * process, one after another. After each file it writes a line `\0farm-file-done <json>` with the file's
 * counts, so that the runner can tell one file's output from the next and count what ran.
 */
import { pathToFileURL } from 'node:url';

// uvu queues suites instead of running them when it is told it is under a runner (as its own CLI does).
(globalThis as { UVU_DEFER?: number }).UVU_DEFER = 1;
const uvu = await import('uvu');

interface UvuGlobals {
  UVU_QUEUE: unknown[][];
  UVU_INDEX: number;
}
const globals = globalThis as unknown as UvuGlobals;

/** Counts from uvu's own summary of one file. */
function countsOf(output: string): { total: number; passed: number; skipped: number } {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? 0);
  return { total: count('Total'), passed: count('Passed'), skipped: count('Skipped') };
}

/** Runs one file's suites; its output goes to stdout as uvu writes it. */
async function runFile(name: string, file: string): Promise<void> {
  const started = Date.now();
  let summary = '';
  const write = process.stdout.write.bind(process.stdout);
  // uvu's summary (Total/Passed/…) is per file here: the runner prints one for the whole run instead.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    if (/^\s*(Total|Passed|Skipped|Duration):/m.test(text.replace(/\x1b\[[0-9;]*m/g, ''))) {
      summary += text;
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  let counts: { total: number; passed: number; skipped: number; loadError?: string };
  try {
    globals.UVU_QUEUE = [[name]];
    globals.UVU_INDEX = 0;
    await import(pathToFileURL(file).href);
    await uvu.exec();
    counts = countsOf(summary);
  } catch (error) {
    write(`\n${name} could not be loaded:\n${(error as Error).stack ?? error}\n`);
    counts = { total: 1, passed: 0, skipped: 0, loadError: String(error) };
  } finally {
    process.stdout.write = write;
  }
  write(`\n\0farm-file-done ${JSON.stringify({ name, ...counts, ms: Date.now() - started })}\n`);
}

// While a file runs, the IPC channel does not keep this process alive: a test that leaves nothing to wait for ends
// the worker, as it would end uvu's own CLI ("Exiting early"), and the runner fails that file instead of waiting.
const channel = process.channel!;
const queued: [string, string][] = [];
let running = false;
// A file comes with the variables it needs (FARM_RUN_TARBALL once the runner has packed farm-db).
process.on('message', (message: [string, string, Record<string, string>] | 'end') => {
  if (message === 'end') return void (process.disconnect(), exitWhenHeld());
  Object.assign(process.env, message[2]);
  queued.push([message[0], message[1]]);
  void runQueued();
});

async function runQueued(): Promise<void> {
  if (running) return;
  running = true;
  for (let item = queued.shift(); item; item = queued.shift()) {
    channel.unref();
    await runFile(...item);
    channel.ref();
  }
  running = false;
}

/**
 * Every file has reported: a timer or socket a test left open would only hold the end of the run (5 minutes for a
 * stream undici waits on). Says what was left open, so the test can be fixed, and exits ('exit' handlers still run).
 */
function exitWhenHeld(): void {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().join(', ');
    process.stderr.write(`\na test worker was still held after its last file (by something a test left open): ${open}; exiting\n`);
    process.exit(0);
  }, 5000).unref();
}
