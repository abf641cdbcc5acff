import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/load-config.ts';
import { DatabaseManager, type Model } from '../runtime/index.ts';
import { detectProject, type ProjectLayout } from './detect/project.ts';
import { EXIT, GeneratorError } from './errors.ts';
import { formatToStyle } from './format.ts';
import { allowProjectImports } from './project-modules.ts';
import { Tree } from './tree/tree.ts';

export interface MigrateProject {
  db: DatabaseManager;
  layout: ProjectLayout;
  root: string;
  /** The migrations folder, relative to the project root. */
  migrationsDir: string;
  /** The app's models, as database/models.ts lists them. */
  models: Model[];
}

/**
 * Opens the app's database the way its own code does (farm.config.ts, .env, the models that
 * database/models.ts lists), with start-up schema syncing off: here migrations change the schema.
 */
export async function openProject(dir: string, options: { offline?: boolean } = {}): Promise<MigrateProject> {
  const tree = new Tree(dir);
  const layout = detectProject(tree);
  const root = join(dir, layout.app);
  const loaded = await loadConfig({ cwd: root });
  const modelsFile = join(dir, layout.databaseDir, 'models.ts');
  if (!existsSync(modelsFile)) {
    throw new GeneratorError(`${join(layout.databaseDir, 'models.ts')} does not exist`, {
      hint: 'run farm db add first: it writes database/models.ts, the list of models migrations are made from',
      exitCode: EXIT.usage,
    });
  }
  allowProjectImports(dir, layout.aliases);
  let models: Model[];
  try {
    models = ((await import(pathToFileURL(modelsFile).href)) as { models: Model[] }).models;
  } catch (error) {
    throw new GeneratorError(`could not load the models from ${modelsFile}: ${(error as Error).message}`, {
      hint: 'fix the error in that file or a model it imports',
    });
  }
  const migrationsDir = join(layout.databaseDir, 'migrations');
  const db = new DatabaseManager(loaded.config, {
    baseDir: loaded.root,
    configFile: loaded.file,
    migrationsDir: join(dir, migrationsDir),
    schema: 'none',
    offline: options.offline,
    logger: { warn: (_details: object, message: string) => console.warn(message) },
  });
  db.registerModels(models);
  await db.initialize();
  return { db, layout, root: dir, migrationsDir, models };
}

/**
 * Rewrites a generated migration in the project's style. SQL inside template literals keeps its
 * quotes and semicolons (SQL's 'text' is not JavaScript's); only its indentation follows.
 */
export function restyleMigration(project: Pick<MigrateProject, 'root' | 'migrationsDir' | 'layout'>, file: string): void {
  const path = join(project.root, project.migrationsDir, file);
  if (!file.endsWith('.ts')) return;
  let inTemplate = false;
  const { style } = project.layout;
  const lines = readFileSync(path, 'utf8').split('\n').map(line => {
    // A blank migration's hint is code to uncomment: in the project's style too.
    if (/^\s*\/\/ this\.addSql\('\.\.\.'\);$/.test(line)) {
      const hint = `this.addSql(${style.quote}...${style.quote})${style.semicolons ? ';' : ''}`;
      return `${style.indent.repeat(/^ */.exec(line)![0].length / 2)}// ${hint}`;
    }
    const touchesSql = inTemplate || line.includes('`');
    if ((line.match(/(?<!\\)`/g) ?? []).length % 2 === 1) inTemplate = !inTemplate;
    if (!touchesSql) return formatToStyle(line, project.layout.style);
    const indent = /^(?: {2})*/.exec(line)![0];
    let body = line.slice(indent.length);
    if (!inTemplate && !project.layout.style.semicolons) body = body.replace(/`\);$/, '`)');
    return project.layout.style.indent.repeat(indent.length / 2) + body;
  });
  writeFileSync(path, lines.join('\n'));
}
