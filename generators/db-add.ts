import type { AddOptions, GeneratorContext, ManualStep } from './context.ts';
import { DATABASE_CHOICES, findSetup } from './database-setup.ts';
import type { ProjectLayout } from './detect/project.ts';
import { chooseUrlVariable } from './detect/existing-database.ts';
import { EXIT, GeneratorError } from './errors.ts';
import { installDependencies } from './install.ts';
import { answersOf, configuredDatabase, detectWithAnswers, recordedUrl, refuseOtherDatabase } from './recorded-answers.ts';
import { planDatabase } from './steps/compose.ts';
import { updateEnvFiles } from './steps/env-files.ts';
import { ignoreDataFolder } from './steps/gitignore-data.ts';
import { wireEntry } from './steps/entry/index.ts';
import { updateFarmConfig } from './steps/farm-config.ts';
import { registerModels } from './steps/models.ts';
import { updatePackageJson } from './steps/package-json.ts';
import { generateDatabaseFiles } from './steps/templates.ts';
import { stageBackup } from './tree/backup.ts';
import { commitChanges } from './tree/commit.ts';
import { recoverInterruptedCommit } from './tree/journal.ts';
import { Tree, type FileChange } from './tree/tree.ts';

export type ConflictChoice = 'overwrite' | 'skip';

export interface AddRun extends AddOptions {
  /** The project (or monorepo) root. */
  dir: string;
  dryRun: boolean;
  skipInstall: boolean;
  /** Interactive runs are asked about conflicts and shown the changes before writing. */
  resolveConflict?: (conflict: { path: string; current: string; proposed: string }) => Promise<ConflictChoice>;
  confirm?: (changes: FileChange[]) => Promise<boolean>;
  /** Work that must succeed before anything is written (a switch moves the data here); throwing writes nothing. */
  beforeCommit?: (ctx: GeneratorContext) => Promise<void>;
}

export interface AddResult {
  layout: ProjectLayout;
  changes: FileChange[];
  warnings: string[];
  /** What could not be wired: the CLI prints them in one block at the end and exits 3. */
  manualSteps: ManualStep[];
  /** Paths left as the user edited them. */
  skipped: string[];
  written: boolean;
  /** The install command that ran successfully, if one ran. */
  installed?: string;
  /** Why the install failed; the files are written all the same. */
  installFailure?: string;
  /** Where the app reaches its database, for the next steps the CLI prints. */
  database: { choice: string; label: string; composeService?: string; composeFile?: string; external: boolean };
  /** The path GET /health/db is served at (Nest's global prefix applied), and what farm-db could not read of it. */
  healthRoute?: { path: string; uncertain?: string };
}

/** Plans every change on an in-memory tree; nothing touches the disk here. */
export async function planAdd(given: AddOptions & { dir: string }): Promise<{ tree: Tree; ctx: GeneratorContext }> {
  const recovered = await recoverInterruptedCommit(given.dir);
  const tree = new Tree(given.dir);
  // A re-run plans what the last run did: its type, entry, models folder and connection are recorded.
  const { layout, manifest } = detectWithAnswers(tree, given);
  const configured = configuredDatabase(tree, layout, manifest);
  const choice = given.choice ?? configured?.choice;
  if (!choice) {
    throw new GeneratorError('no database type given, and the project has none configured', {
      hint: `pass --type <type>, one of: ${DATABASE_CHOICES.join(', ')}`,
      exitCode: EXIT.usage,
    });
  }
  const setup = findSetup(choice);
  if (!setup) {
    throw new GeneratorError(`unknown database type "${choice}"`, {
      hint: `use one of: ${DATABASE_CHOICES.join(', ')}`,
      exitCode: EXIT.usage,
    });
  }
  if (!given.switching) refuseOtherDatabase(configured, setup);
  const options = { ...given, choice: setup.choice, url: given.url ?? (given.switching ? undefined : recordedUrl(tree, layout, manifest)) };
  // Which variable holds the URL depends on the database: a DATABASE_URL of this type is farm-db's to use.
  const urlVariable = chooseUrlVariable(tree, layout.app, layout.sourceDir, setup.type);
  layout.urlVariable = urlVariable.name;
  layout.urlVariableReason = urlVariable.reason;
  const ctx: GeneratorContext = {
    tree,
    layout,
    setup,
    options,
    manifest,
    plan: { databaseUrl: '', env: {}, envDir: '' },
    warnings: [...(recovered ? [recovered] : []), ...describeExisting(layout)],
    manualSteps: [],
    conflicts: [],
  };
  planDatabase(ctx);
  updateEnvFiles(ctx);
  ignoreDataFolder(ctx);
  updatePackageJson(ctx);
  await updateFarmConfig(ctx);
  generateDatabaseFiles(ctx);
  await registerModels(ctx);
  await wireEntry(ctx);
  manifest.recordAnswers(answersOf(ctx));
  return { tree, ctx };
}

/** What farm-db found of the app's own database layer and what it did to stay apart from it. */
function describeExisting(layout: ProjectLayout): string[] {
  const notes: string[] = [];
  if (layout.existingDatabase.length > 0) {
    const folder = layout.databaseDir.endsWith('/farm-db') ? `; farm-db's files go to ${layout.databaseDir}, its migrations to ${layout.databaseDir}/migrations` : '';
    notes.push(`this app already has a database layer: ${layout.existingDatabase.join('; ')}. farm-db leaves it as it is${folder}`);
  }
  if (layout.urlVariableReason) {
    notes.push(`${layout.urlVariableReason}: farm-db reads its URL from ${layout.urlVariable} instead (farm.config.ts, .env)`);
  }
  return notes;
}

/** `db add`: plan, settle conflicts, then write everything at once (or show it, with dryRun). */
export async function dbAdd(run: AddRun): Promise<AddResult> {
  const { tree, ctx } = await planAdd(run);
  const skipped: string[] = [];
  for (const conflict of ctx.conflicts) {
    const current = tree.read(conflict.path)!;
    const choice = run.resolveConflict ? await run.resolveConflict({ path: conflict.path, current, proposed: conflict.proposed }) : 'skip';
    if (choice === 'overwrite') {
      stageBackup(tree, conflict.path, current);
      tree.write(conflict.path, conflict.proposed);
      ctx.manifest.record(conflict.path, conflict.proposed);
    } else {
      skipped.push(conflict.path);
      ctx.warnings.push(`${conflict.path} was edited since farm-db generated it: left as it is (use --force to overwrite it, keeping a .orig copy)`);
    }
  }
  if (tree.changes().length > 0) ctx.manifest.save(tree);
  const changes = tree.changes();
  const database = {
    choice: ctx.setup.choice,
    label: ctx.setup.label,
    composeService: ctx.plan.composeService,
    composeFile: ctx.plan.composeService ? (ctx.layout.composeFile ?? 'compose.yaml') : undefined,
    external: Boolean(ctx.options.url || ctx.setup.externalOnly),
  };
  const result: AddResult = { layout: ctx.layout, changes, warnings: ctx.warnings, manualSteps: ctx.manualSteps, skipped, written: false, database,
    healthRoute: ctx.healthRoute ?? { path: '/health/db' } };
  if (run.dryRun || changes.length === 0) return result;
  if (run.confirm && !(await run.confirm(changes))) return result;
  await run.beforeCommit?.(ctx);
  commitChanges(tree.root, changes);
  result.written = true;
  const packageJson = ctx.layout.app ? `${ctx.layout.app}/package.json` : 'package.json';
  if (!run.skipInstall && changes.some(c => c.path === packageJson)) {
    const install = installDependencies(tree.root, ctx.layout.app, ctx.layout.packageManager);
    if (install.ok) result.installed = install.command;
    else result.installFailure = `${install.command} failed (${install.status === null ? `${ctx.layout.packageManager} could not be started` : `exit ${install.status}`}); the files are written: run it yourself in ${install.cwd}`;
  }
  return result;
}
