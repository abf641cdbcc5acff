import { resolve } from 'node:path';
import type { MigrationsBackend } from '../runtime/internal.ts';
import { openProject, restyleMigration } from '../generators/db-migrate.ts';
import { EXIT } from '../generators/errors.ts';
import { colors } from '../generators/output.ts';
import type { Command } from './command.ts';
import { parseFlags, UsageError } from './flags.ts';
import { checkAllowedRules, guardCreated, lintDrift, lintExisting, rememberMigrationsFolder } from './migrate-lint.ts';
import { print } from './print.ts';

const help = `Usage: farm db migrate [options]

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
                     (and what its migration would destroy)
  --lint [name]      lint every migration (or one) for changes that destroy data or lock tables;
                     exit 1 on a destructive one not allowed (--create lints what it writes too)
  --allow <rule>     with --create, --lint, --check: allow this lint rule (repeatable)
  --json             with --status: machine-readable
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help

Examples:
  farm db migrate --create add_users       a migration from the model changes
  farm db migrate                          apply every pending migration
  farm db migrate --status
  farm db migrate --down --steps 2
  farm db migrate --sql --offline          the SQL of every migration, no database needed
  farm db migrate --lint                   in CI: refuse migrations that drop or narrow without an allow
  farm db migrate --create drop_legacy --allow drop-column`;

const FLAGS = {
  create: { type: 'boolean' }, blank: { type: 'boolean' }, down: { type: 'boolean' }, to: { type: 'string' }, steps: { type: 'string' },
  status: { type: 'boolean' }, sql: { type: 'boolean' }, offline: { type: 'boolean' }, check: { type: 'boolean' }, json: { type: 'boolean' },
  lint: { type: 'boolean' }, allow: { type: 'string', multiple: true }, yes: { type: 'boolean' }, dir: { type: 'string' },
} as const;

/** One action per run, chosen by its flags. */
async function run(args: string[]): Promise<number> {
  const { values: v, positionals } = parseFlags('db migrate', args, FLAGS, { positionals: 1 });
  if (v.help) return print(help);
  const actions = (['create', 'status', 'check', 'lint'] as const).filter(a => v[a]);
  if (actions.length > 1) throw new UsageError(`choose one of --${actions.join(', --')}`);
  if (positionals.length > (v.create || v.lint ? 1 : 0)) {
    throw new UsageError(`unexpected argument "${positionals.at(-1)}" (only --create and --lint take a name)`);
  }
  if (v.allow && !(v.create || v.lint || v.check)) throw new UsageError('--allow goes with --create, --lint or --check');
  checkAllowedRules(v.allow ?? []);
  if (v.blank && !v.create) throw new UsageError('--blank goes with --create');
  if (v.steps !== undefined && (!v.down || !/^[1-9]\d*$/.test(v.steps))) throw new UsageError('--steps takes a positive whole number, with --down');
  if (v.steps !== undefined && v.to !== undefined) throw new UsageError('use --steps or --to, not both');
  if (v.offline && (!v.sql || v.down)) throw new UsageError('--offline goes with --sql (up only: which migrations are applied needs the database)');
  const name = positionals[0];
  if (name !== undefined && !v.lint && !/^[A-Za-z0-9_-]+$/.test(name)) throw new UsageError(`invalid migration name "${name}": use letters, digits, _ and -`);

  const c = colors();
  const project = await openProject(resolve(v.dir ?? '.'), { offline: v.offline });
  try {
    if (v.lint) return lintExisting(project, name, v.allow ?? []);
    const migrations = await project.db.migrations();
    if (v.create) {
      const undo = rememberMigrationsFolder(project);
      const created = await migrations.create({ name, blank: v.blank });
      if (!created) return print('The models match the last migration: nothing to create (use --blank for a migration written by hand).');
      restyleMigration(project, created.file);
      console.log(`${c.green('created')} ${project.migrationsDir}/${created.file}\n${created.up.map(s => `  ${s}`).join('\n')}`);
      return await guardCreated(project, created.file, v.allow ?? [], undo, v.yes);
    }
    // `return await`: the finally below closes the database, which must wait for the status read.
    if (v.status) return await status(migrations, Boolean(v.json));
    if (v.check) {
      const drift = await migrations.drift();
      if (drift.length === 0) return print(c.green('The database schema matches the models.'));
      console.log(`${c.red('The database schema differs from the models.')} To match them, it would run:\n${drift.map(s => `  ${s}`).join('\n')}`);
      lintDrift(project, drift, v.allow ?? []);
      console.log('Create a migration for it with: farm db migrate --create <name>');
      return EXIT.failure;
    }
    const options = { to: v.to, steps: v.steps === undefined ? undefined : Number(v.steps) };
    const direction = v.down ? 'down' : 'up';
    if (v.sql) {
      const previews = await migrations.preview(direction, { ...options, offline: v.offline });
      if (previews.length === 0) return print(`-- nothing to run ${v.offline ? '(no migrations)' : direction === 'up' ? '(no pending migrations)' : '(nothing applied)'}`);
      return print(previews.map(p => `-- ${p.name} (${direction})\n${p.statements.map(s => `${s.replace(/;?$/, ';')}`).join('\n')}`).join('\n\n'));
    }
    const done = direction === 'up' ? await migrations.up(options) : await migrations.down(options);
    if (done.length === 0) return print(direction === 'up' ? 'Up to date: no pending migrations.' : 'Nothing to roll back.');
    return print(done.map(n => `${c.green(direction === 'up' ? 'applied' : 'reverted')} ${n}`).join('\n'));
  } finally {
    await project.db.shutdown();
  }
}

export const command: Command = { help, run };

async function status(migrations: MigrationsBackend, json: boolean): Promise<number> {
  const list = await migrations.status();
  const history = await migrations.history();
  if (json) return print(JSON.stringify({ migrations: list, history }, null, 2));
  const c = colors();
  const lines = list.map(m => (m.applied ? `${c.green('applied')}  ${m.appliedAt!.toISOString()}  ${m.name}` : `${c.yellow('pending')}  ${' '.repeat(24)}  ${m.name}`));
  const recent = history.slice(-10).map(h => `  ${h.appliedAt.toISOString()}  ${h.direction.padEnd(4)}  ${String(h.durationMs).padStart(6)} ms  ${h.host}  ${h.name}${h.error ? c.red(`  failed: ${h.error.split('\n')[0]}`) : ''}`);
  return print([...(lines.length ? lines : ['no migrations yet: farm db migrate --create <name>']), ...(recent.length ? ['', 'history (latest 10):', ...recent] : [])].join('\n'));
}
