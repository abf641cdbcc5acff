import { parseArgs } from 'node:util';
import type { DatabaseManager } from '../runtime/manager.ts';

export interface SeedCommandOptions {
  /** The app's manager, initialized (the CLI opens it as `farm db migrate` does). */
  db: DatabaseManager;
  /** The seeds folder (src/database/seeds in generated apps). */
  dir: string;
  /** `farm db seed` arguments: `--only <name>` (repeatable), `--fresh`, `--force`. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * `farm db seed`: runs the seeds and prints one line each; returns the exit code
 * (0 done, 1 a seed failed or --fresh was refused, 2 bad arguments).
 */
export async function runSeedCommand(options: SeedCommandOptions): Promise<number> {
  const log = options.log ?? (line => console.log(line));
  let values;
  try {
    ({ values } = parseArgs({
      args: options.args,
      options: { only: { type: 'string', multiple: true }, fresh: { type: 'boolean' }, force: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    log(`farm db seed: ${(error as Error).message} (usage: farm db seed [--only <name>]… [--fresh [--force]])`);
    return 2;
  }
  try {
    const runs = await options.db.seed({ dir: options.dir, only: values.only, fresh: values.fresh, force: values.force, env: options.env });
    if (values.fresh) log('dropped and recreated the schema');
    for (const run of runs) log(`seeded ${run.name} (${run.durationMs} ms)`);
    if (runs.length === 0) log(`no seed files in ${options.dir}`);
    return 0;
  } catch (error) {
    // A FarmRuntimeError's message already ends with its "Fix:" line.
    log(`farm db seed: ${(error as Error).message}`);
    return 1;
  }
}
