/**
 * Node flags the `farm` command needs, which Node reads only at start: when one is missing,
 * the CLI re-executes itself with it. `process.execve` replaces the process image in place:
 * same pid, same terminal, same environment, so Ctrl-C, signals and kill -9 reach the process
 * doing the work (a child process would outlive a killed parent). Where there is no execve
 * (Windows) the command runs as started.
 */

/**
 * The data commands (`farm db export`, `import`, `switch --migrate`) stream millions of rows a
 * batch at a time, and V8's defaults make a process that allocates fast grow its heap with time
 * although it keeps nothing: every batch is alive across a database round trip, so it survives
 * young-generation collections, and V8 answers survival by doubling its semi-spaces, up to
 * 64 MB each on Node 24 (Node 20 stopped at 16); its old generation then grows by up to 4x the
 * live data after each full collection. Peak RSS climbed with the row count (1,000,000 rows:
 * over 300 MB). Two flags keep it flat at about the same speed (`npm run bench:portability`):
 * - `--max-semi-space-size=16`: Node 20's young generation;
 * - `--heap-growing-percent=50`: the next full collection at 1.5x the live data. A factor, not
 *   a limit: wide rows still get all the memory they need, just collected sooner.
 */
export const DATA_COMMAND_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--heap-growing-percent=50'];

/**
 * The CLI loads the project's TypeScript (farm.config.ts, the models, migrations). Node strips
 * types by default from 22.18; on 22.17 it needs the flag (and would warn on every run).
 */
export const TYPESCRIPT_NODE_FLAGS: readonly string[] = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

/** Whether `farm <args>` streams data (and so wants DATA_COMMAND_NODE_FLAGS). */
export function isDataCommand(args: readonly string[]): boolean {
  const [group, command] = args;
  if (group !== 'db' || args.includes('--help') || args.includes('-h')) return false;
  if (command === 'export' || command === 'import') return true;
  return command === 'switch' && args.includes('--migrate') && !args.includes('--dry-run');
}

/** The flags `farm <args>` needs on this Node that it was not started with. */
export function missingNodeFlags(args: readonly string[]): string[] {
  const wanted = [...(process.features.typescript ? [] : TYPESCRIPT_NODE_FLAGS), ...(isDataCommand(args) ? DATA_COMMAND_NODE_FLAGS : [])];
  const present = new Set([...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map(flag => flag.split('=')[0]));
  return wanted.filter(flag => !present.has(flag.split('=')[0]));
}

/** Re-executes this process with the flags `farm <args>` is missing. Returns only when none are (or there is no execve). */
export function relaunchWithNodeFlags(args: readonly string[]): void {
  if (typeof process.execve !== 'function') return;
  const missing = missingNodeFlags(args);
  if (missing.length === 0) return;
  process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, process.argv[1]!, ...args], process.env);
}
