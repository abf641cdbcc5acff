import { resolve } from 'node:path';
import { DATABASE_CHOICES } from '../generators/database-setup.ts';
import { EXIT } from '../generators/errors.ts';
import { colors, describeChanges, diffOf } from '../generators/output.ts';
import type { Command } from './command.ts';
import { parseFlags, UsageError } from './flags.ts';
import { printError, printWarnings, print } from './print.ts';
import { askAboutConflict, isInteractive, prompt } from './prompt.ts';

const help = `Usage: farm db add --type <type> [options]

Wires a database into an existing project: farm.config.ts, src/database/*, the app entry,
a compose service, .env, package.json. Safe to run again: nothing changes when nothing needs to.

Options:
  --type <type>      ${DATABASE_CHOICES.join(', ')}
  --url <url>        use this existing database instead of a compose service
  --dir <path>       the project root (default: current folder)
  --entry <file>     the app's entry file (default: detected)
  --models <dir>     the models folder (default: detected)
  --dry-run          print the diff of every change and write nothing
  --force            overwrite generated files you edited (keeps a .orig copy)
  --yes              do not ask; write at once
  --skip-install     do not run the package manager's install
  -h, --help         show this help`;

const FLAGS = {
  type: { type: 'string' }, url: { type: 'string' }, dir: { type: 'string' }, entry: { type: 'string' }, models: { type: 'string' },
  'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, yes: { type: 'boolean' }, 'skip-install': { type: 'boolean' },
} as const;

async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db add', args, FLAGS);
  if (v.help) return print(help);
  const interactive = isInteractive(v.yes);
  let type = v.type;
  if (!type && interactive) {
    ({ type } = await prompt<{ type: string }>([{ type: 'list', name: 'type', message: 'Which database?', choices: DATABASE_CHOICES }]));
  }
  if (!type) throw new UsageError(`--type is required: one of ${DATABASE_CHOICES.join(', ')}\n\n${help}`);
  const c = colors();
  const { dbAdd } = await import('../generators/db-add.ts');
  const result = await dbAdd({
    dir: resolve(v.dir ?? '.'),
    choice: type,
    url: v.url,
    entry: v.entry,
    modelsDir: v.models,
    force: Boolean(v.force),
    dryRun: Boolean(v['dry-run']),
    skipInstall: Boolean(v['skip-install']),
    resolveConflict: interactive ? askAboutConflict : undefined,
    confirm: interactive
      ? async changes => {
          console.log(`farm-db will write:\n${describeChanges(changes)}`);
          return (await prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: 'Write these changes?', default: true }])).ok;
        }
      : undefined,
  });
  printWarnings(result.warnings);
  if (result.changes.length === 0) {
    console.log(c.green('The project is up to date: nothing to change.'));
  } else if (v['dry-run']) {
    console.log(diffOf(result.changes));
    console.log(c.dim(`dry run: ${result.changes.length} file(s) would change; nothing was written.`));
  } else if (result.written) {
    console.log(describeChanges(result.changes));
    console.log(c.green(`Done: ${result.changes.length} file(s) written.`));
    if (result.installed) console.log(c.green(`Dependencies installed (${result.installed}).`));
  } else {
    console.log('Nothing was written.');
  }
  if (result.installFailure) {
    printError(result.installFailure);
    return EXIT.failure;
  }
  return EXIT.ok;
}

export const command: Command = { help, run };
