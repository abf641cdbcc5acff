import { SyntaxKind, type ArrayLiteralExpression } from 'ts-morph';
import type { GeneratorContext } from '../context.ts';
import { codemodProject, matchSemicolons } from './codemod-project.ts';
import { parseOrFail } from './parse.ts';

/** Adds an import and an array entry in models.ts for each model not registered yet. */
export function addModels(ctx: GeneratorContext, path: string, text: string, missing: { name: string; path: string }[]): void {
  const { tree, layout } = ctx;
  const file = parseOrFail(codemodProject(layout.style), tree, path, text);
  const list = file
    .getVariableDeclaration('models')
    ?.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression) as ArrayLiteralExpression | undefined;
  if (!list) {
    ctx.warnings.push(`${path} has no \`export const models = [...]\`; add ${missing.map(m => m.name).join(', ')} to it yourself`);
    return;
  }
  const lastImport = file.getImportDeclarations().at(-1);
  const insertAt = lastImport ? lastImport.getChildIndex() + 1 : 0;
  file.insertImportDeclarations(insertAt, missing.map(m => ({ namedImports: [m.name], moduleSpecifier: m.path })));
  for (const m of missing) list.addElement(m.name);
  tree.write(path, matchSemicolons(file.getFullText(), layout.style));
}
