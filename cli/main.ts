/**
 * `farm`: the table of commands (bin/farm.ts starts it). Each command lives in its own file with
 * its help, and is loaded only when run. Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { resolve } from 'node:path';
import { FarmConfigError } from '../config/errors.ts';
import { FarmRuntimeError } from '../runtime/errors.ts'; // alone: the table of commands loads no more
import { EXIT, GeneratorError } from '../generators/errors.ts';
import type { Command } from './command.ts';
import { UsageError } from './flags.ts';
import { print, printError, printWarnings } from './print.ts';
import { didYouMean } from './suggest.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  add: { summary: 'wire a database into this project', load: () => import('./add.ts') },
  info: { summary: 'show the configured database', load: () => import('./info.ts') },
  migrate: { summary: 'create, apply and roll back migrations', load: () => import('./migrate.ts') },
  seed: { summary: 'fill the database with the seed files (or --create one)', load: () => import('./seed.ts') },
  switch: { summary: 'move the project (and with --migrate its data) to another database', load: () => import('./switch.ts') },
  export: { summary: "write every model's records to a portable snapshot folder", load: () => import('./export.ts') },
  import: { summary: 'load a snapshot into the configured database', load: () => import('./import.ts') },
  dashboard: { summary: 'serve the live monitoring dashboard and /metrics', load: () => import('./dashboard.ts') },
};

const commandList = () => Object.entries(COMMANDS).map(([name, c]) => `  db ${name.padEnd(10)} ${c.summary}`).join('\n');

const FARM_HELP = () => `Usage: farm <command>

Commands:
${commandList()}

Run farm db <command> --help for its options.`;

const DB_HELP = () => `Usage: farm db <command> [options]

${commandList()}

Run farm db <command> --help for its options and examples.`;

async function main(argv: string[]): Promise<number> {
  const [group, name, ...rest] = argv;
  if (!group || group === '-h' || group === '--help') return print(FARM_HELP());
  if (group === '-v' || group === '--version') return print((await import('../generators/package-root.ts')).PACKAGE_VERSION);
  if (group !== 'db') {
    const known = group.startsWith('-') ? ['--help', '--version'] : ['db', ...Object.keys(COMMANDS).map(c => `db ${c}`)];
    const hint = didYouMean(group, known);
    throw new UsageError(`unknown command "${group}"${hint}\n\n${FARM_HELP()}`);
  }
  if (!name || name === '-h' || name === '--help') return print(DB_HELP());
  const entry = COMMANDS[name];
  if (!entry) {
    throw new UsageError(`unknown command "db ${name}"${didYouMean(name, Object.keys(COMMANDS), c => `db ${c}`)}\n\n${DB_HELP()}`);
  }
  await finishInterruptedCommit(rest);
  return (await entry.load()).command.run(rest);
}

/** Every command first finishes (or undoes) a farm-db commit that was killed half-way. */
async function finishInterruptedCommit(args: string[]): Promise<void> {
  const at = args.findIndex(arg => arg === '--dir' || arg.startsWith('--dir='));
  const dir = at === -1 ? '.' : args[at]!.startsWith('--dir=') ? args[at]!.slice(6) : (args[at + 1] ?? '.');
  const message = await (await import('../generators/tree/journal.ts')).recoverInterruptedCommit(resolve(dir));
  if (message) printWarnings([message]);
}

export function run(argv: string[]): void {
  main(argv).then(
    code => process.exit(code),
    error => {
      if (error instanceof UsageError) {
        printError(error.message);
        process.exit(EXIT.usage);
      }
      const known = error instanceof GeneratorError || error instanceof FarmConfigError || error instanceof FarmRuntimeError;
      printError(known ? error.message : (error as Error).stack ?? String(error));
      process.exit(error instanceof GeneratorError ? error.exitCode : error instanceof FarmConfigError ? EXIT.usage : EXIT.failure);
    },
  );
}
