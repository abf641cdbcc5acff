import { join, resolve } from 'node:path';
import type { ResolvedDatabaseConfig } from '../config/types.ts';
import { allMatch, progressReporter, transferDatabase, verificationTable } from '../portability/index.ts';
import { DatabaseManager } from '../runtime/index.ts';
import { MissingDriverPackageError } from '../runtime/internal.ts';
import { addPackageCommand } from '../generators/install.ts';
import { MIKRO_ORM_VERSION } from '../generators/steps/package-json.ts';
import { DATABASE_CHOICES } from '../generators/database-setup.ts';
import { openProject, restyleMigration } from '../generators/db-migrate.ts';
import { detectProject } from '../generators/detect/project.ts';
import { Tree } from '../generators/tree/tree.ts';
import { EXIT, GeneratorError } from '../generators/errors.ts';
import { colors, describeChanges, diffOf } from '../generators/output.ts';
import { withSecretsHidden } from '../generators/tree/diff.ts';
import {
  clearPendingBaseline, completeBaseline, pendingBaselinePath, readPendingBaseline, recordPendingBaseline, type PendingBaseline,
} from '../generators/pending-baseline.ts';
import type { Command } from './command.ts';
import { resolveType } from './database-type.ts';
import { parseFlags, UsageError } from './flags.ts';
import { print, printError, printWarnings } from './print.ts';
import { SWITCH_BATCH_SIZE, warnUser } from './transfer-output.ts';

const help = `Usage: farm db switch --type <type> [options]

Re-runs the generator for another database: farm.config.ts, DATABASE_URL in .env (the old
value is kept in a comment), the base model, a compose service (the old one stays), packages.

Options:
  --type <type>      ${DATABASE_CHOICES.join(', ')}
  --url <url>        the new database (default: its compose service)
  --migrate          move every model's records there first, verify counts and checksums,
                     record a baseline migration; the project changes only if all match
  --replace          with --migrate: delete the rows the new database already holds first
  --dir <path>       the project root (default: current folder)
  --dry-run          print the diff and write nothing (no data moves; secrets in .env shown as ***)
  --show-secrets     with --dry-run: show the secrets in .env diffs
  --force            overwrite generated files you edited (keeps a .orig copy)
  --yes              do not ask; write at once
  --skip-install     do not run the package manager's install
  -h, --help         show this help

Examples:
  farm db switch --type postgresql --migrate           move the project and its data to a PostgreSQL service
  farm db switch --type pg --url postgresql://app:secret@db:5432/app --migrate
  farm db switch --type mysql --dry-run                 show the diff only`;

/**
 * The generator run for the new provider. With --migrate the data moves (and is verified) before
 * any project file changes: a failed or unequal move leaves the project pointing at the old database.
 */
async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db switch', args, {
    type: { type: 'string' }, url: { type: 'string' }, migrate: { type: 'boolean' }, replace: { type: 'boolean' },
    'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, 'skip-install': { type: 'boolean' }, force: { type: 'boolean' },
    'show-secrets': { type: 'boolean' },
    dir: { type: 'string' },
  });
  if (v.help) return print(help);
  if (!v.type) throw new UsageError(`--type is required: one of ${DATABASE_CHOICES.join(', ')}`);
  const choice = resolveType(v.type, 'db switch');
  const dir = resolve(v.dir ?? '.');
  const { dbAdd } = await import('../generators/db-add.ts');
  const c = colors();
  let verification: string | undefined;
  let target: DatabaseManager | undefined;
  let alreadyMoved = false;
  let owed: string | undefined;
  let migrationsDir = '';
  const result = await dbAdd({
    dir,
    choice,
    url: v.url,
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
            await target.initialize().catch((error: unknown) => {
              if (!(error instanceof MissingDriverPackageError)) throw error;
              // The switch installs it with the project's files, after the data has moved: too late for --migrate.
              throw new GeneratorError(`moving the data into ${ctx.setup.label} needs ${error.pkg}, which this project has not installed yet`, {
                hint: `${addPackageCommand(ctx.layout.packageManager, `${error.pkg}@${MIKRO_ORM_VERSION}`)} in ${resolve(dir, ctx.layout.app)}, then run the same switch again (nothing was changed)`,
              });
            });
            const rows = await transferDatabase(source.db, target, { batchSize: SWITCH_BATCH_SIZE, replace: Boolean(v.replace), progress: progressReporter(), warn: warnUser });
            verification = verificationTable(rows);
            if (!allMatch(rows)) {
              throw new GeneratorError(`the data in ${ctx.setup.label} differs from the source:\n${verification}`, {
                hint: 'nothing in the project was changed; look into the models marked ✗, then run the switch again (it resumes)',
              });
            }
            // Written before the project files change: a run killed after them still owes the baseline (see pending-baseline.ts).
            owed = pendingBaselinePath(dir, ctx.layout.app);
            migrationsDir = resolve(dir, source.migrationsDir);
            recordPendingBaseline(owed, ctx.setup.type, `baseline_${choice}`, migrationsDir);
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
  printWarnings(result.warnings);
  if (v['dry-run']) {
    console.log(diffOf(v['show-secrets'] ? result.changes : result.changes.map(withSecretsHidden)));
    return print(c.dim(`dry run: ${result.changes.length} file(s) would change${v.migrate ? '; no data was moved' : ''}; nothing was written.`));
  }
  if (alreadyMoved) console.log('The data is already in this database: nothing to move.');
  if (verification) console.log(verification);
  const baselined = (name: string) => {
    const layout = detectProject(new Tree(dir));
    restyleMigration({ root: dir, migrationsDir: join(layout.databaseDir, 'migrations'), layout }, name);
    console.log(`${c.green('baseline')} ${name}: the schema was made from the models; every migration so far is recorded as applied`);
  };
  const pendingPath = pendingBaselinePath(dir, result.layout.app);
  const pending = readPendingBaseline(pendingPath);
  if (target) {
    try {
      const migrations = await target.migrations();
      baselined(pending ? await completeBaseline(target, pending, migrationsDir) : await migrations.baseline(`baseline_${choice}`));
      clearPendingBaseline(pendingPath);
    } finally {
      await target.shutdown();
    }
  } else if (pending) {
    await finishInterruptedSwitch(dir, pendingPath, pending, baselined);
  }
  if (result.written) console.log(`${describeChanges(result.changes)}\n${c.green(`Switched to ${choice}.`)}`);
  else if (result.changes.length === 0) console.log('The project already uses this database: nothing to change.');
  if (result.installFailure) {
    printError(result.installFailure);
    return EXIT.failure;
  }
  return EXIT.ok;
}

export const command: Command = { help, run };

/**
 * An earlier switch wrote the project files but was killed before the new database got its
 * baseline: give it now, once the project really points at that database.
 */
async function finishInterruptedSwitch(dir: string, path: string, pending: PendingBaseline, done: (name: string) => void): Promise<void> {
  const project = await openProject(dir);
  try {
    if (project.db.config.type !== pending.type) return clearPendingBaseline(path); // that switch never reached its commit
    done(await completeBaseline(project.db, pending, resolve(dir, project.migrationsDir)));
    clearPendingBaseline(path);
  } finally {
    await project.db.shutdown();
  }
}

/** Whether two resolved configs point to the same database (a switch's target is its source). */
function sameDatabase(a: ResolvedDatabaseConfig, b: ResolvedDatabaseConfig): boolean {
  return a.type === b.type && a.url === b.url && a.dbName === b.dbName && a.host === b.host && a.port === b.port;
}
