/**
 * `farm db add | info`: the same generator code as `npx plop db`, as a CLI (bin/farm.ts starts it).
 * Exit codes: 0 ok, 1 failure, 2 usage error. Each command loads only what it needs.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FarmConfigError } from '../config/errors.ts';
import { FarmRuntimeError } from '../runtime/errors.ts';
import { DATABASE_CHOICES } from './database-setup.ts';
import type { ConflictChoice } from './db-add.ts';
import { EXIT, GeneratorError } from './errors.ts';
import { colors, describeChanges, diffOf } from './output.ts';
import { unifiedDiff } from './tree/diff.ts';

/** inquirer takes a quarter second to load: only interactive runs pay for it. */
const prompt = async <T>(questions: object[]): Promise<T> => (await import('inquirer')).default.prompt(questions as never) as Promise<T>;

const HELP: Record<string, string> = {
  farm: `Usage: farm <command>

Commands:
  db add       wire a database into this project
  db info      show the configured database
  db migrate   create, apply and roll back migrations
  db switch    move the project (and with --migrate its data) to another database
  db export    write every model's records to a portable snapshot folder
  db import    load a snapshot into the configured database
  db dashboard serve the live monitoring dashboard and /metrics

Run farm db <command> --help for its options.`,
  db: `Usage: farm db <add|info|migrate|switch|export|import|dashboard> [options]`,
  dashboard: `Usage: farm db dashboard [--port <n>] [--host <address>] [--dir <path>]

Serves the live dashboard (queries/s, latency, pool, connections, health, slow queries, errors,
migrations, alerts) and /metrics for Prometheus, from this project's farm.config.ts.
  --port <n>         default 4100
  --host <address>   default 127.0.0.1; any other address needs database.monitoring.dashboardToken
                     (or FARM_DASHBOARD_TOKEN)`,
  switch: `Usage: farm db switch --type <type> [options]

Re-runs the generator for another database: farm.config.ts, DATABASE_URL in .env (the old
value is kept in a comment), the base model, a compose service (the old one stays), packages.

Options:
  --type <type>      ${DATABASE_CHOICES.join(', ')}
  --url <url>        the new database (default: its compose service)
  --migrate          move every model's records there first, verify counts and checksums,
                     record a baseline migration; the project changes only if all match
  --replace          with --migrate: delete the rows the new database already holds first
  --dir <path>       the project root (default: current folder)
  --dry-run          print the diff and write nothing (no data moves)
  --force            overwrite generated files you edited (keeps a .orig copy)
  --yes              do not ask; write at once
  --skip-install     do not run the package manager's install
  -h, --help         show this help`,
  export: `Usage: farm db export [--out <folder>] [--dir <path>]

Writes every model's records as JSON Lines, one file per model, with a manifest of counts and
checksums. The folder appears only when complete. Reads the database, changes nothing.`,
  import: `Usage: farm db import <folder> [--replace] [--dir <path>]

Checks the whole snapshot (manifest, models, every file's count and checksum) before loading
anything; then loads it in batches and verifies. An interrupted import resumes when run again.
  --replace          delete the rows already in the database first`,
  migrate: `Usage: farm db migrate [options]

Applies pending migrations (with no option), or:
  --create [name]    write a migration from the difference between the models and the last snapshot
  --blank            with --create: an empty migration to fill in by hand
  --down             roll back the last migration (or --steps N, or --to <name>: all after it; --to 0: all)
  --to <name>        with up: apply up to and including <name>
  --steps <n>        with --down: roll back this many
  --status           list applied (with time) and pending migrations, then the history
  --sql              print what would run (up, or --down) and run nothing
  --offline          with --sql: no database needed; the SQL of every migration (up to --to)
  --check            exit 1 when the models and the database schema differ, printing the difference
  --json             with --status: machine-readable
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help`,
  add: `Usage: farm db add --type <type> [options]

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
  -h, --help         show this help`,
  info: `Usage: farm db info [--dir <path>] [--json]

Shows the provider, URL (password redacted), pool, models, compose service and health.`,
};

export class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === '-h' || group === '--help') return print(HELP.farm!);
  if (group !== 'db') throw new UsageError(`unknown command "${group}"\n\n${HELP.farm}`);
  if (!command || command === '-h' || command === '--help') return print(HELP.db!);
  if (command === 'add') return add(rest);
  if (command === 'info') return info(rest);
  if (command === 'migrate') return (await import('./migrate-command.ts')).migrate(rest, HELP.migrate!);
  if (command === 'switch') return (await import('./data-commands.ts')).switchCommand(rest, HELP.switch!);
  if (command === 'export') return (await import('./data-commands.ts')).exportCommand(rest, HELP.export!);
  if (command === 'import') return (await import('./data-commands.ts')).importCommand(rest, HELP.import!);
  if (command === 'dashboard') return (await import('./dashboard-command.ts')).dashboardCommand(rest, HELP.dashboard!);
  throw new UsageError(`unknown command "db ${command}"\n\n${HELP.db}`);
}

export function print(text: string): number {
  console.log(text);
  return EXIT.ok;
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function add(args: string[]): Promise<number> {
  const v = parse(args, {
    type: { type: 'string' }, url: { type: 'string' }, dir: { type: 'string' }, entry: { type: 'string' }, models: { type: 'string' },
    'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, yes: { type: 'boolean' }, 'skip-install': { type: 'boolean' },
  });
  if (v.help) return print(HELP.add!);
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !v.yes;
  let type = v.type as string | undefined;
  if (!type && interactive) {
    ({ type } = await prompt<{ type: string }>([{ type: 'list', name: 'type', message: 'Which database?', choices: DATABASE_CHOICES }]));
  }
  if (!type) throw new UsageError(`--type is required: one of ${DATABASE_CHOICES.join(', ')}\n\n${HELP.add}`);
  const c = colors();
  const { dbAdd } = await import('./db-add.ts');
  const result = await dbAdd({
    dir: resolve((v.dir as string | undefined) ?? '.'),
    choice: type,
    url: v.url as string | undefined,
    entry: v.entry as string | undefined,
    modelsDir: v.models as string | undefined,
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
  for (const warning of result.warnings) console.warn(c.yellow(`warning: ${warning}`));
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
    console.error(c.red(`error: ${result.installFailure}`));
    return EXIT.failure;
  }
  if (result.manualSteps.length > 0) {
    // Exit 3: the files are written, but the app is not fully wired until these are done.
    console.log(c.yellow(`\n${result.manualSteps.length} step(s) left to do by hand:`));
    result.manualSteps.forEach((step, i) => console.log(`\n${i + 1}. ${step.title}\n${step.snippet.replace(/^/gm, '    ')}`));
    return EXIT.manualSteps;
  }
  return EXIT.ok;
}

async function askAboutConflict(conflict: { path: string; current: string; proposed: string }): Promise<ConflictChoice> {
  for (;;) {
    const { choice } = await prompt<{ choice: ConflictChoice | 'diff' }>([{
      type: 'list',
      name: 'choice',
      message: `${conflict.path} was edited since farm-db generated it. What now?`,
      choices: [{ name: 'keep my version (skip)', value: 'skip' }, { name: 'overwrite (keeps a .orig copy)', value: 'overwrite' }, { name: 'show the diff', value: 'diff' }],
    }]);
    if (choice !== 'diff') return choice;
    console.log(unifiedDiff({ path: conflict.path, type: 'update', before: conflict.current, after: conflict.proposed }));
  }
}

async function info(args: string[]): Promise<number> {
  const v = parse(args, { dir: { type: 'string' }, json: { type: 'boolean' } });
  if (v.help) return print(HELP.info!);
  const { dbInfo } = await import('./db-info.ts');
  const report = await dbInfo(resolve((v.dir as string | undefined) ?? '.'));
  if (v.json) return print(JSON.stringify(report, null, 2));
  const c = colors();
  const status = report.health.status === 'pass' ? c.green('pass') : report.health.status === 'warn' ? c.yellow('warn') : c.red('fail');
  return print([
    `${c.bold('provider')}  ${report.provider} (${report.type})`,
    `${c.bold('url')}       ${report.url ?? '(host settings)'}`,
    `${c.bold('pool')}      min ${report.pool.min}, max ${report.pool.max}, acquire ${report.pool.acquireTimeoutMs} ms, idle ${report.pool.idleTimeoutMs} ms`,
    `${c.bold('models')}    ${report.models.join(', ') || '(none found)'}`,
    `${c.bold('compose')}   ${report.compose ? `${report.compose.service} (${report.compose.image}) in ${report.compose.file}` : '(none)'}`,
    `${c.bold('migrations')} ${report.migrations}`,
    `${c.bold('health')}    ${status}${report.health.output ? `: ${report.health.output}` : ''}`,
    `${c.dim(`config: ${report.configFile}`)}`,
  ].join('\n'));
}

export function run(argv: string[]): void {
  main(argv).then(
    code => process.exit(code),
    error => {
      const c = colors(process.stderr);
      if (error instanceof UsageError) {
        console.error(c.red(`error: ${error.message}`));
        process.exit(EXIT.usage);
      }
      const known = error instanceof GeneratorError || error instanceof FarmConfigError || error instanceof FarmRuntimeError;
      console.error(c.red(`error: ${known ? error.message : (error as Error).stack}`));
      process.exit(error instanceof GeneratorError ? error.exitCode : error instanceof FarmConfigError ? EXIT.usage : EXIT.failure);
    },
  );
}
