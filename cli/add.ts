import { resolve } from 'node:path';
import { DATABASE_ALIASES, DATABASE_CHOICES, DATABASE_SETUPS } from '../generators/database-setup.ts';
import { describeChanges } from '../generators/output.ts';
import { configuredDatabaseIn } from '../generators/recorded-answers.ts';
import type { Command } from './command.ts';
import { resolveType } from './database-type.ts';
import { parseFlags, UsageError } from './flags.ts';
import { reportAdd } from './add-report.ts';
import { print } from './print.ts';
import { askAboutConflict, isInteractive, prompt } from './prompt.ts';

const help = `Usage: farm db add [--type <type>] [options]

Wires a database into an existing project: farm.config.ts, src/database/*, the app entry,
a compose service, .env, package.json. Safe to run again: nothing changes when nothing needs to.
A re-run needs no flags: the type, connection, entry and models folder are recorded in
.farm/manifest.json. To move to another database, use farm db switch.

Options:
  --type <type>      ${DATABASE_CHOICES.join(', ')}
                     (also: ${Object.entries(DATABASE_ALIASES).map(([alias, choice]) => `${alias} = ${choice}`).join(', ')})
                     default: the type the project is configured for
  --url <url>        use this existing database instead of a compose service; on a re-run,
                     sets DATABASE_URL (the old line is kept, commented)
  --dir <path>       the project root (default: current folder)
  --entry <file>     the app's entry file (default: detected)
  --models <dir>     the models folder (default: detected)
  --dry-run          print the diff of every change and write nothing (secrets in .env shown as ***)
  --show-secrets     with --dry-run: show the secrets in .env diffs
  --force            overwrite generated files you edited (keeps a .orig copy)
  --yes              do not ask; write at once
  --skip-install     do not run the package manager's install
  -h, --help         show this help

Exit codes: 0 done, 1 failure, 2 bad input (nothing written), 3 written, but manual steps remain.

Examples:
  farm db add --type postgresql            a PostgreSQL compose service, .env and the wiring
  farm db add --type sqlite --yes          SQLite in data/app.db, no server, no questions
  farm db add --type pg --url postgresql://app:secret@db.internal:5432/app
  farm db add --dry-run                    re-run with the recorded answers, show the diff only`;

const FLAGS = {
  type: { type: 'string' }, url: { type: 'string' }, dir: { type: 'string' }, entry: { type: 'string' }, models: { type: 'string' },
  'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, yes: { type: 'boolean' }, 'skip-install': { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
} as const;

async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db add', args, FLAGS);
  if (v.help) return print(help);
  const dir = resolve(v.dir ?? '.');
  const interactive = isInteractive(v.yes);
  let type = v.type === undefined ? configuredDatabaseIn(dir)?.choice : resolveType(v.type, 'db add');
  if (!type && interactive) {
    const choices = DATABASE_SETUPS.map(s => ({ name: s.label, value: s.choice }));
    ({ type } = await prompt<{ type: string }>([{ type: 'list', name: 'type', message: 'Which database?', choices }]));
  }
  if (!type) throw new UsageError(`--type is required: one of ${DATABASE_CHOICES.join(', ')}\n\n${help}`);
  const { dbAdd } = await import('../generators/db-add.ts');
  const result = await dbAdd({
    dir,
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
  return reportAdd(result, dir, Boolean(v['dry-run']), Boolean(v['show-secrets']));
}

export const command: Command = { help, run };
