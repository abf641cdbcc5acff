import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseManager } from '../runtime/manager.ts';
import type { ResolvedDatabaseConfig } from '../config/types.ts';
import { allMatch, exportSnapshot, importSnapshot, progressReporter, transferDatabase, verificationTable } from '../portability/index.ts';
import { print, UsageError } from './cli.ts';
import { DATABASE_CHOICES } from './database-setup.ts';
import { openProject } from './db-migrate.ts';
import { EXIT, GeneratorError } from './errors.ts';
import { colors, describeChanges, diffOf } from './output.ts';
import { clearPendingBaseline, completeBaseline, pendingBaselinePath, readPendingBaseline, recordPendingBaseline } from './pending-baseline.ts';

const BATCH_SIZE = 1000;

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options: { ...options, dir: { type: 'string' as const }, help: { type: 'boolean' as const, short: 'h' } }, strict: true, allowPositionals: positionals > 0 });
    if (parsed.positionals.length > positionals) throw new Error(`unexpected argument "${parsed.positionals.at(-1)}"`);
    return parsed as unknown as { values: Record<keyof T | 'dir' | 'help', string | boolean | undefined>; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `farm db export [--out dir]`: a portable snapshot of every model. */
export async function exportCommand(args: string[], help: string): Promise<number> {
  const { values: v } = parse(args, { out: { type: 'string' } });
  if (v.help) return print(help);
  const out = resolve((v.out as string | undefined) ?? `farm-snapshot-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`);
  const project = await openProject(resolve((v.dir as string | undefined) ?? '.'));
  try {
    const manifest = await exportSnapshot(project.db, out, { batchSize: BATCH_SIZE, progress: progressReporter() });
    const c = colors();
    return print(`${c.green('exported')} ${manifest.models.map(m => `${m.name} ${m.count}`).join(', ')}\n  to ${out}`);
  } finally {
    await project.db.shutdown();
  }
}

/** `farm db import <snapshot> [--replace]`: loads a snapshot after checking it whole, then verifies. */
export async function importCommand(args: string[], help: string): Promise<number> {
  const { values: v, positionals } = parse(args, { replace: { type: 'boolean' } }, 1);
  if (v.help) return print(help);
  if (!positionals[0]) throw new UsageError('name the snapshot folder: farm db import <folder>');
  const project = await openProject(resolve((v.dir as string | undefined) ?? '.'));
  try {
    const rows = await importSnapshot(project.db, resolve(positionals[0]), { batchSize: BATCH_SIZE, replace: Boolean(v.replace), progress: progressReporter(), warn: warnUser });
    return report(rows, 'the snapshot');
  } finally {
    await project.db.shutdown();
  }
}

/**
 * `farm db switch --type <type> [--url] [--migrate]`: the generator run for the new provider.
 * With --migrate the data moves (and is verified) before any project file changes: a failed or
 * unequal move leaves the project pointing at the old database.
 */
export async function switchCommand(args: string[], help: string): Promise<number> {
  const { values: v } = parse(args, {
    type: { type: 'string' }, url: { type: 'string' }, migrate: { type: 'boolean' }, replace: { type: 'boolean' },
    'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, 'skip-install': { type: 'boolean' }, force: { type: 'boolean' },
  });
  if (v.help) return print(help);
  if (!v.type) throw new UsageError(`--type is required: one of ${DATABASE_CHOICES.join(', ')}`);
  const dir = resolve((v.dir as string | undefined) ?? '.');
  const { dbAdd } = await import('./db-add.ts');
  const c = colors();
  let verification: string | undefined;
  let target: DatabaseManager | undefined;
  let alreadyMoved = false;
  let owed: string | undefined;
  let migrationsDir = '';
  const result = await dbAdd({
    dir,
    choice: v.type as string,
    url: v.url as string | undefined,
    force: Boolean(v.force),
    switching: true,
    dryRun: Boolean(v['dry-run']),
    skipInstall: Boolean(v['skip-install']),
    beforeCommit: v.migrate
      ? async ctx => {
          const source = await openProject(dir);
          try {
            // The new database as the switched config will describe it (compose variables from the plan).
            target = new DatabaseManager({ type: ctx.setup.type, url: ctx.plan.databaseUrl, schema: 'none' }, {
              baseDir: resolve(dir, ctx.layout.app),
              env: { ...process.env, ...ctx.plan.env },
              migrationsDir: resolve(dir, source.migrationsDir),
            });
            if (sameDatabase(source.db.config, target.config)) {
              // A re-run of a switch that is done: the data is already there.
              target = undefined;
              alreadyMoved = true;
              return;
            }
            if (source.db.config.type === ctx.setup.type && !v.url) throw new GeneratorError(`the project already uses ${ctx.setup.label}`, { hint: 'pass --url to move to another database of the same kind', exitCode: EXIT.usage });
            target.registerModels(source.models);
            await target.initialize();
            const rows = await transferDatabase(source.db, target, { batchSize: BATCH_SIZE, replace: Boolean(v.replace), progress: progressReporter(), warn: warnUser });
            verification = verificationTable(rows);
            if (!allMatch(rows)) {
              throw new GeneratorError(`the data in ${ctx.setup.label} differs from the source:\n${verification}`, {
                hint: 'nothing in the project was changed; look into the models marked ✗, then run the switch again (it resumes)',
              });
            }
            // Written before the project files change: a run killed after them still owes the baseline (see pending-baseline.ts).
            owed = pendingBaselinePath(dir, ctx.layout.app);
            migrationsDir = resolve(dir, source.migrationsDir);
            recordPendingBaseline(owed, ctx.setup.type, `baseline_${v.type}`, migrationsDir);
          } catch (error) {
            await target?.shutdown();
            throw error;
          } finally {
            await source.db.shutdown();
          }
        }
      : undefined,
  }).catch(async (error: unknown) => {
    // The project files were not written: nothing is owed to the new database.
    if (owed) clearPendingBaseline(owed);
    await target?.shutdown();
    throw error;
  });
  for (const warning of result.warnings) console.warn(c.yellow(`warning: ${warning}`));
  if (v['dry-run']) {
    console.log(diffOf(result.changes));
    return print(c.dim(`dry run: ${result.changes.length} file(s) would change${v.migrate ? '; no data was moved' : ''}; nothing was written.`));
  }
  if (alreadyMoved) console.log('The data is already in this database: nothing to move.');
  if (verification) console.log(verification);
  const baselined = (name: string) => console.log(`${c.green('baseline')} ${name}: the schema was made from the models; every migration so far is recorded as applied`);
  const pendingPath = pendingBaselinePath(dir, result.layout.app);
  const pending = readPendingBaseline(pendingPath);
  if (target) {
    try {
      const migrations = await target.migrations();
      baselined(pending ? await completeBaseline(target, pending, migrationsDir) : await migrations.baseline(`baseline_${v.type}`));
      clearPendingBaseline(pendingPath);
    } finally {
      await target.shutdown();
    }
  } else if (pending && !v['dry-run']) {
    await finishInterruptedSwitch(dir, pendingPath, pending, baselined);
  }
  if (result.written) console.log(`${describeChanges(result.changes)}\n${c.green(`Switched to ${v.type}.`)}`);
  else if (result.changes.length === 0) console.log('The project already uses this database: nothing to change.');
  if (result.installFailure) {
    console.error(c.red(`error: ${result.installFailure}`));
    return EXIT.failure;
  }
  return EXIT.ok;
}

/**
 * An earlier switch wrote the project files but was killed before the new database got its
 * baseline: give it now, once the project really points at that database.
 */
async function finishInterruptedSwitch(dir: string, path: string, pending: ReturnType<typeof readPendingBaseline> & {}, done: (name: string) => void): Promise<void> {
  const project = await openProject(dir);
  try {
    if (project.db.config.type !== pending.type) return clearPendingBaseline(path); // that switch never reached its commit
    done(await completeBaseline(project.db, pending, resolve(dir, project.migrationsDir)));
    clearPendingBaseline(path);
  } finally {
    await project.db.shutdown();
  }
}

function report(rows: Parameters<typeof verificationTable>[0], what: string): number {
  console.log(verificationTable(rows));
  if (allMatch(rows)) return print(colors().green(`Every model matches ${what}.`));
  console.error(colors(process.stderr).red(`error: the loaded data differs from ${what} (models marked ✗)`));
  return EXIT.failure;
}

/** Whether two resolved configs point to the same database (a switch's target is its source). */
function sameDatabase(a: ResolvedDatabaseConfig, b: ResolvedDatabaseConfig): boolean {
  return a.type === b.type && a.url === b.url && a.dbName === b.dbName && a.host === b.host && a.port === b.port;
}

/** A warning on stderr, as the generator prints its own. */
function warnUser(message: string): void {
  console.warn(colors().yellow(`warning: ${message}`));
}
