import { SyntaxKind, type ArrayLiteralExpression } from 'ts-morph';
import type { GeneratorContext } from '../context.ts';
import { formatToStyle } from '../format.ts';
import { importPath } from '../import-path.ts';
import { renderTemplate } from '../render.ts';
import { codemodProject, matchSemicolons } from './codemod-project.ts';
import { parseOrFail } from './parse.ts';

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
 * template; afterwards only missing models are added, so the user's own edits stay.
 */
export function registerModels(ctx: GeneratorContext): void {
  const { tree, layout, setup } = ctx;
  const path = `${layout.databaseDir}/models.ts`;
  const models = findModels(ctx).map(m => ({ name: m.name, path: importPath(layout, path, m.file) }));
  const existing = tree.read(path);
  if (existing === undefined) {
    const text = renderTemplate(setup.type, 'models.ts', { models, modelsDir: layout.modelsDir });
    tree.write(path, formatToStyle(text, layout.style));
    return;
  }
  const file = parseOrFail(codemodProject(layout.style), tree, path, existing);
  const imported = new Set(file.getImportDeclarations().flatMap(d => d.getNamedImports().map(n => n.getName())));
  const missing = models.filter(m => !imported.has(m.name));
  if (missing.length === 0) return;
  const list = file
    .getVariableDeclaration('models')
    ?.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression) as ArrayLiteralExpression | undefined;
  if (!list) {
    ctx.warnings.push(`${path} has no \`export const models = [...]\`; add ${missing.map(m => m.name).join(', ')} to it yourself`);
    return;
  }
  const lastImport = file.getImportDeclarations().at(-1);
  const insertAt = lastImport ? lastImport.getChildIndex() + 1 : 0;
  file.insertImportDeclarations(
    insertAt,
    missing.map(m => ({ namedImports: [m.name], moduleSpecifier: m.path })),
  );
  for (const m of missing) list.addElement(m.name);
  tree.write(path, matchSemicolons(file.getFullText(), layout.style));
}
