import type { GeneratorContext } from '../context.ts';
import { formatToStyle } from '../format.ts';
import { importPath } from '../import-path.ts';
import { renderTemplate } from '../render.ts';

export interface FoundModel {
  name: string;
  file: string;
}

const MODEL_EXPORT = /export\s+const\s+(\w+)\s*(?::[^=]+)?=\s*(?:defineEntity|new\s+EntitySchema)\b/g;

/** Every model exported from a file of the models folder (staged files included). */
export function findModels(ctx: GeneratorContext): FoundModel[] {
  const { tree, layout } = ctx;
  return tree
    .list(layout.modelsDir)
    .filter(name => name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(test|spec)\.ts$/.test(name))
    .flatMap(name => {
      const file = `${layout.modelsDir}/${name}`;
      return [...(tree.read(file) ?? '').matchAll(MODEL_EXPORT)].map(m => ({ name: m[1]!, file }));
    });
}

/**
 * Keeps `<databaseDir>/models.ts` listing every model exactly once. It is created from the
 * template; afterwards only missing models are added (by a codemod), so the user's own edits stay.
 */
export async function registerModels(ctx: GeneratorContext): Promise<void> {
  const { tree, layout, setup } = ctx;
  const path = `${layout.databaseDir}/models.ts`;
  const models = findModels(ctx).map(m => ({ name: m.name, path: importPath(layout, path, m.file) }));
  const existing = tree.read(path);
  if (existing === undefined) {
    const text = renderTemplate(setup.type, 'models.ts', { models, modelsDir: layout.modelsDir });
    tree.write(path, formatToStyle(text, layout.style));
    return;
  }
  const imported = new Set([...existing.matchAll(/import\s*\{([^}]*)\}/g)].flatMap(m => m[1]!.split(',').map(n => n.trim().split(/\s+as\s+/).pop()!)));
  const missing = models.filter(m => !imported.has(m.name));
  if (missing.length > 0) (await import('./models-codemod.ts')).addModels(ctx, path, existing, missing);
}
