import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';

const NO_LIBRARIES = { noLib: true, types: [] };

/**
 * Checks with the TypeScript program (the app's tsconfig, the edited texts) that every name
 * farm-db inserted resolves where it landed. Returns `name (path:line)` for each that does not.
 * Only the edited files are checked and their imports are not loaded: an import that does not
 * resolve yet (the database folder is written in the same run) does not count.
 * The names checked are the app's own (its db, app and server variables), never globals, so the
 * standard library and @types are not loaded (noLib, types: []): that was most of a cold run's time.
 * Each identifier spelled like one of the names is resolved on its own (the checker's scope lookup),
 * not by a full type check of the file, which cost more than the rest of the check.
 */
export function unresolvedNames(root: string, app: string, files: { path: string; text: string }[], names: string[]): string[] {
  const project = programFor(join(root, app, 'tsconfig.json'));
  const sources = files.map(({ path, text }) => ({ path, file: project.createSourceFile(join(root, path), text, { overwrite: true }) }));
  const checker = project.getTypeChecker().compilerObject;
  const wanted = new Set(names);
  const problems: string[] = [];
  for (const { path, file } of sources) {
    const source = file.compilerNode;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && wanted.has(node.text) && isScopeReference(node) && !resolves(checker, node)) {
        problems.push(`${node.text} (${path}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return problems;
}

function programFor(tsconfig: string): Project {
  const found = existsSync(tsconfig);
  try {
    return new Project({
      tsConfigFilePath: found ? tsconfig : undefined,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      compilerOptions: { ...(found ? {} : { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext }), ...NO_LIBRARIES },
    });
  } catch {
    return new Project({ skipFileDependencyResolution: true, compilerOptions: { target: ts.ScriptTarget.ES2022, ...NO_LIBRARIES } });
  }
}

/** An identifier looked up in scope: not a member name (`x.db`, `{ db: 1 }`, `class { db }`) nor a label. */
function isScopeReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isQualifiedName(parent)) return parent.left === node;
  const isMemberDeclaration = ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
    ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent);
  if (isMemberDeclaration) return parent.name !== node;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isBindingElement(parent)) return parent.propertyName !== node;
  if (ts.isImportSpecifier(parent)) return parent.propertyName !== node; // `import { db as x }`: db names the module's export
  if (ts.isExportSpecifier(parent)) return parent.propertyName === undefined || parent.propertyName === node;
  if (ts.isJsxAttribute(parent)) return false;
  return true;
}

function resolves(checker: ts.TypeChecker, node: ts.Identifier): boolean {
  if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
    return checker.getShorthandAssignmentValueSymbol(node.parent) !== undefined;
  }
  return checker.getSymbolAtLocation(node) !== undefined;
}
