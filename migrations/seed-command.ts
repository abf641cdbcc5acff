import type { DatabaseManager } from '../runtime/index.ts';

export interface SeedCommandOptions {
  /** The app's manager, initialized (the CLI opens it as `farm db migrate` does). */
  db: DatabaseManager;
  /** The seeds folder (src/database/seeds in generated apps). */
  dir: string;
  /** `--only <name>` (repeatable), `--fresh`, `--force`, as cli/seed.ts parsed them. */
  only?: string[];
  fresh?: boolean;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * `farm db seed`: runs the seeds and prints one line each; returns the exit code
 * (0 done, 1 a seed failed or --fresh was refused).
 */
export async function runSeedCommand(options: SeedCommandOptions): Promise<number> {
  const log = options.log ?? (line => console.log(line));
  try {
    const runs = await options.db.seed({ dir: options.dir, only: options.only, fresh: options.fresh, force: options.force, env: options.env });
    if (options.fresh) log('dropped and recreated the schema');
    for (const run of runs) log(`seeded ${run.name} (${run.durationMs} ms)`);
    if (runs.length === 0) log(`no seed files in ${options.dir}`);
    return 0;
  } catch (error) {
    // A FarmRuntimeError's message already ends with its "Fix:" line.
    log(`farm db seed: ${(error as Error).message}`);
    return 1;
  }
}
