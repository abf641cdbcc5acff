/**
 * `npx plop db`, `npx plop db:info`, `npx plop db:migration` and `npx plop db:seed`: farm-db's generators for plop. They ask the shared
 * questions and run the same code as `farm db add | info`.
 * Bypass prompts from the command line: `npx plop db postgresql` or `npx plop db -- --type postgresql`.
 */
import type { NodePlopAPI } from 'node-plop';
import { dbAdd } from './generators/db-add.ts';
import { dbInfo } from './generators/db-info.ts';
import { Tree } from './generators/tree/tree.ts';
import { detectProject } from './generators/detect/project.ts';
import { confirmQuestion, dbQuestions, type DbAnswers } from './generators/prompts.ts';
import { describeChanges } from './generators/output.ts';

export default function farmDb(plop: NodePlopAPI): void {
  const dir = process.cwd();
  let detected: { entry?: string; modelsDir?: string } = {};
  try {
    const layout = detectProject(new Tree(dir));
    detected = { entry: layout.entry, modelsDir: layout.modelsDir };
  } catch {
    // Not a project plop can inspect yet; the action reports why.
  }

  const addRun = (a: DbAnswers, dryRun: boolean) => {
    const type = a.type ?? namedArg('type');
    if (!type) throw new Error('no database type: answer the prompt, or run `npx plop db <type>` / `npx plop db -- --type <type>`');
    return dbAdd({
      dir,
      choice: type,
      url: a.url || namedArg('url'),
      entry: a.entry ?? namedArg('entry'),
      modelsDir: a.modelsDir ?? namedArg('models'),
      force: process.argv.includes('--force'),
      dryRun,
      skipInstall: a.install === false || process.argv.includes('--skip-install'),
    });
  };

  // The action types are named after the command they are, as plop prints them in its summary.
  plop.setActionType('farm db add', async answers => {
    const a = answers as DbAnswers;
    if (a.write === false) return 'nothing was written';
    const result = await addRun(a, process.argv.includes('--dry-run'));
    const warnings = result.warnings.map(w => `\n  warning: ${w}`).join('');
    if (result.changes.length === 0) return `the project is up to date${warnings}`;
    // plop marks an action failed when it throws: a failed install must not look like success.
    if (result.installFailure) throw new Error(`wrote:\n${describeChanges(result.changes)}${warnings}\n${result.installFailure}`);
    const installed = result.installed ? `\n  ${result.installed}: done` : '';
    return `${result.written ? 'wrote' : 'would write'}:\n${describeChanges(result.changes)}${warnings}${installed}`;
  });

  // Without a terminal only the database type is asked (bypass it: `db sqlite`); the rest is detected.
  // On a terminal the change list is shown and confirmed before writing, as farm db add does.
  const questions = [...dbQuestions(detected), confirmQuestion(async answers => (await addRun(answers, true)).changes, describeChanges)];
  plop.setGenerator('db', {
    description: 'add or reconfigure the database of this project',
    prompts: (process.stdin.isTTY ? questions : questions.slice(0, 1)) as never,
    actions: [{ type: 'farm db add' }],
  });

  plop.setActionType('farm db info', async () => JSON.stringify(await dbInfo(dir), null, 2));
  plop.setGenerator('db:info', { description: 'show the configured database', prompts: [], actions: [{ type: 'farm db info' }] });

  // `npx plop db:migration add_users`, `npx plop db:migration -- --name add_users`, `npx plop db:migration:blank by_hand`.
  plop.setActionType('farm db migrate --create', async (answers, config) => {
    const { name, kind } = { ...(config as { data?: object }).data, ...answers } as { name?: string; kind?: 'models' | 'blank' };
    const migrationName = name || namedArg('name');
    if (migrationName && !/^[A-Za-z0-9_-]+$/.test(migrationName)) throw new Error(`invalid migration name "${migrationName}": use letters, digits, _ and -`);
    const { openProject, restyleMigration } = await import('./generators/db-migrate.ts');
    const project = await openProject(dir);
    try {
      const blank = kind === 'blank';
      const created = await (await project.db.migrations()).create({ name: migrationName, blank });
      if (!created) return 'the models match the last migration: nothing to create (choose "blank" to write one by hand)';
      restyleMigration(project, created.file);
      return `created ${project.migrationsDir}/${created.file}`;
    } finally {
      await project.db.shutdown();
    }
  });
  plop.setGenerator('db:migration', {
    description: 'create a migration from the model changes (or a blank one)',
    prompts: [
      { type: 'input', name: 'name', message: 'Migration name (letters, digits, _ and -)', validate: (v: string) => /^[A-Za-z0-9_-]*$/.test(v) || 'use letters, digits, _ and -' },
      // Asked only on a terminal (plop cannot bypass a conditional prompt); db:migration:blank skips it.
      ...(process.stdin.isTTY
        ? [{ type: 'list', name: 'kind', message: 'Contents', choices: [{ name: 'from the model changes', value: 'models' }, { name: 'blank, to write by hand', value: 'blank' }] }]
        : []),
    ] as never,
    actions: [{ type: 'farm db migrate --create' }],
  });
  plop.setGenerator('db:migration:blank', {
    description: 'create an empty migration to write by hand',
    prompts: [{ type: 'input', name: 'name', message: 'Migration name (letters, digits, _ and -)' }] as never,
    actions: [{ type: 'farm db migrate --create', data: { kind: 'blank' } }] as never,
  });

  // `npx plop db:seed plans`, `npx plop db:seed -- --name plans --model Plan --key code`.
  plop.setActionType('farm db seed --create', async answers => {
    const a = answers as { name?: string; model?: string; key?: string };
    const { createSeedFile } = await import('./generators/seed-file.ts');
    const path = createSeedFile({ dir, name: a.name || namedArg('name') || '', model: a.model || namedArg('model'), key: a.key || namedArg('key') });
    return `created ${path}`;
  });
  plop.setGenerator('db:seed', {
    description: 'create a seed file (upserts by a natural key; run with farm db seed)',
    prompts: [
      { type: 'input', name: 'name', message: 'Seed name (letters, digits, _ and -)', validate: (v: string) => /^[A-Za-z0-9_-]*$/.test(v) || 'use letters, digits, _ and -' },
    ] as never,
    actions: [{ type: 'farm db seed --create' }],
  });
}

/** `-- --type postgresql` style bypass, read from the command line. */
function namedArg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
