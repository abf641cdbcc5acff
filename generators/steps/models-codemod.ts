import { SyntaxKind, type ArrayLiteralExpression } from 'ts-morph';
import type { GeneratorContext } from '../context.ts';
import { codemodProject, matchSemicolons, parseForPrinting } from './codemod-project.ts';

/** In models.ts: an import and an array entry for each missing model; the import and entry of each stale one removed. */
export function updateModels(ctx: GeneratorContext, path: string, text: string, missing: { name: string; path: string }[], stale: string[]): void {
  const { tree, layout } = ctx;
  const file = parseForPrinting(codemodProject(layout.style), tree, path, text);
  const list = file
    .getVariableDeclaration('models')
    ?.getInitializerIfKind(SyntaxKind.ArrayLiteralExpression) as ArrayLiteralExpression | undefined;
  if (!list) {
    const what = [...missing.map(m => `add ${m.name}`), ...stale.map(name => `remove ${name}`)].join(', ');
    ctx.warnings.push(`${path} has no \`export const models = [...]\`; ${what} yourself`);
    return;
  }
  for (const name of stale) {
    for (const element of list.getElements().filter(e => e.getText() === name).reverse()) list.removeElement(element);
    for (const declaration of file.getImportDeclarations()) {
      for (const named of declaration.getNamedImports()) if ((named.getAliasNode() ?? named.getNameNode()).getText() === name) named.remove();
      if (declaration.getNamedImports().length === 0 && !declaration.getDefaultImport() && !declaration.getNamespaceImport()) declaration.remove();
    }
  }
  if (missing.length > 0) {
    const lastImport = file.getImportDeclarations().at(-1);
    const insertAt = lastImport ? lastImport.getChildIndex() + 1 : 0;
    file.insertImportDeclarations(insertAt, missing.map(m => ({ namedImports: [m.name], moduleSpecifier: m.path })));
    for (const m of missing) list.addElement(m.name);
  }
  tree.write(path, matchSemicolons(file.getFullText(), layout.style));
}
