import { posix } from 'node:path';
import { detectProject, type ProjectLayout } from './detect/project.ts';
import { EXIT, GeneratorError } from './errors.ts';
import { formatToStyle } from './format.ts';
import { importPath } from './import-path.ts';
import { renderTemplate } from './render.ts';
import { findModels } from './steps/models.ts';
import { commitChanges } from './tree/commit.ts';
import { Tree } from './tree/tree.ts';

export interface SeedFileOptions {
  /** The project root. */
  dir: string;
  /** What the seed is for: `plans` becomes `seeds/001-plans.ts` (numbered after the last one). */
  name: string;
  /** The model it fills; default: the only model of the project (else it must be named). */
  model?: string;
  /** The natural key rows are matched on (running the seed twice leaves the same rows). */
  key?: string;
}

/** The seeds folder of a project: beside its migrations, in the database folder. */
export const seedsDir = (layout: ProjectLayout) => posix.join(layout.databaseDir, 'seeds');

/**
 * `farm db seed --create <name>` / `npx plop db:seed`: writes one seed file in the project's
 * style, after the last numbered one. Returns its path relative to the project root.
 */
export function createSeedFile(options: SeedFileOptions): string {
  if (!/^[A-Za-z0-9_-]+$/.test(options.name)) {
    throw new GeneratorError(`invalid seed name "${options.name}"`, { hint: 'use letters, digits, _ and -', exitCode: EXIT.usage });
  }
  const tree = new Tree(options.dir);
  const layout = detectProject(tree);
  const model = pickModel(tree, layout, options.model);
  const folder = seedsDir(layout);
  const existing = tree.list(folder).filter(name => name.endsWith('.ts'));
  if (existing.some(name => name.replace(/^\d+-/, '') === `${options.name}.ts`)) {
    throw new GeneratorError(`a seed named "${options.name}" exists already in ${folder}`, { hint: 'choose another name, or edit that file', exitCode: EXIT.usage });
  }
  const last = Math.max(0, ...existing.map(name => Number(/^(\d+)-/.exec(name)?.[1] ?? 0)));
  const path = posix.join(folder, `${String(last + 1).padStart(3, '0')}-${options.name}.ts`);
  const key = options.key ?? 'name';
  if (!/^[$_\p{ID_Start}][$\u200C\u200D\p{ID_Continue}]*$/u.test(key)) {
    throw new GeneratorError(`invalid --key "${key}"`, { hint: `name a property of ${model.name}`, exitCode: EXIT.usage });
  }
  const text = renderTemplate('_shared', 'seed.ts', {
    modelName: model.name,
    modelImport: importPath(layout, path, model.file),
    naturalKey: key,
  });
  tree.write(path, formatToStyle(text, layout.style));
  commitChanges(tree.root, tree.changes());
  return path;
}

function pickModel(tree: Tree, layout: ProjectLayout, wanted: string | undefined) {
  const models = findModels({ tree, layout });
  const names = models.map(m => m.name).join(', ') || 'none';
  if (wanted) {
    const found = models.find(m => m.name === wanted);
    if (!found) throw new GeneratorError(`no model "${wanted}" in ${layout.modelsDir}`, { hint: `models found: ${names}`, exitCode: EXIT.usage });
    return found;
  }
  if (models.length === 1) return models[0]!;
  throw new GeneratorError(
    models.length === 0 ? `no model in ${layout.modelsDir} to seed` : `which model does the seed fill? (${names})`,
    { hint: models.length === 0 ? 'run farm db add first, or add a model' : 'pass --model <Name>', exitCode: EXIT.usage },
  );
}
