import { posix } from 'node:path';
import { Node, SyntaxKind, type Block, type SourceFile, type Statement } from 'ts-morph';
import type { FrameworkAdapter } from '../../frameworks/index.ts';
import type { Tree } from '../../tree/tree.ts';
import { enclosingStatement } from './find.ts';

/** Where the app is made: the file, the statement after which routes can go, and how code there names the app. */
export interface AppCreation {
  path: string;
  file: SourceFile;
  /** The statement that makes the app; the route goes right after it, before any middleware, router or catch-all. */
  anchor: Statement | undefined;
  /** With no anchor: the block the route opens (a constructor whose class field makes the app). */
  opens?: Block;
  /** `app`, or `this.app` inside a class. */
  appText: string;
}

const unwrap = (node: Node | undefined): Node | undefined => {
  let current = node;
  while (current && (Node.isAwaitExpression(current) || Node.isParenthesizedExpression(current) || Node.isAsExpression(current))) {
    current = current.getExpression();
  }
  return current;
};

function factoryCall(node: Node | undefined, adapter: FrameworkAdapter): boolean {
  const call = unwrap(node);
  if (!call || !(Node.isCallExpression(call) || Node.isNewExpression(call))) return false;
  // `express().use(helmet())` still makes the app: look through a chain to its first call.
  let callee: Node = call.getExpression();
  while (Node.isPropertyAccessExpression(callee) && Node.isCallExpression(callee.getExpression())) {
    callee = (callee.getExpression() as import('ts-morph').CallExpression).getExpression();
  }
  return adapter.createsApp(callee.getText());
}

/** Resolves a relative import of `from` in the tree: `./app.js` → `src/app.ts`, `./app` → `src/app.ts` or `src/app/index.ts`. */
export function resolveImport(tree: Tree, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.join(posix.dirname(from), specifier).replace(/\.(js|ts|mjs|cjs)$/, '');
  return [`${base}.ts`, `${base}.mts`, `${base}.cts`, `${base}/index.ts`].find(path => tree.exists(path));
}

/**
 * Follows the app the start call uses to the statement that makes it: in the same scope, in the
 * file it is imported from, inside a factory function (`const app = createApp()`), or a class field.
 */
/** Parses a file of the tree once per run (the same SourceFile every time). */
export interface Files {
  tree: Tree;
  parse(path: string): SourceFile;
}

export function findAppCreation(files: Files, path: string, file: SourceFile, app: Node, adapter: FrameworkAdapter, depth = 0): AppCreation | undefined {
  if (depth > 3) return undefined;
  const target = unwrap(app);
  if (!target) return undefined;
  if (Node.isPropertyAccessExpression(target) && target.getExpression().getKind() === SyntaxKind.ThisKeyword) {
    return classField(path, file, target.getName(), target, adapter);
  }
  if (!Node.isIdentifier(target)) return undefined;
  const name = target.getText();
  const declaration = visibleVariable(file, name, target);
  if (declaration) {
    const init = declaration.getInitializer();
    const statement = enclosingStatement(declaration);
    if (statement && factoryCall(init, adapter)) return { path, file, anchor: statement, appText: name };
    const called = unwrap(init);
    if (called && Node.isCallExpression(called) && Node.isIdentifier(called.getExpression())) {
      return fromFactoryFunction(files, path, file, called.getExpression().getText(), adapter, depth);
    }
    return undefined;
  }
  const imported = importedFrom(file, name);
  if (!imported) return undefined;
  const resolved = resolveImport(files.tree, path, imported.specifier);
  if (!resolved) return undefined;
  const other = files.parse(resolved);
  const exported = exportedLocal(other, imported.name);
  if (!exported) return undefined;
  const fn = other.getFunction(exported);
  if (fn) return fromFactoryFunction(files, resolved, other, exported, adapter, depth + 1);
  const local = other.getVariableDeclaration(exported);
  return local ? findAppCreation(files, resolved, other, local.getNameNode(), adapter, depth + 1) : undefined;
}

/** The variable `name` visible where `at` is: the innermost enclosing scope's declaration. */
function visibleVariable(file: SourceFile, name: string, at: Node) {
  const candidates = file.getDescendantsOfKind(SyntaxKind.VariableDeclaration).filter(d => d.getName() === name);
  return candidates
    .filter(d => {
      const scope = d.getFirstAncestor(n => Node.isBlock(n) || Node.isSourceFile(n))!;
      return at.getStart() >= scope.getStart() && at.getEnd() <= scope.getEnd();
    })
    .sort((a, b) => b.getStart() - a.getStart())[0];
}

function importedFrom(file: SourceFile, local: string): { specifier: string; name: string } | undefined {
  for (const declaration of file.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (declaration.getDefaultImport()?.getText() === local) return { specifier, name: 'default' };
    const named = declaration.getNamedImports().find(n => (n.getAliasNode()?.getText() ?? n.getName()) === local);
    if (named) return { specifier, name: named.getName() };
  }
  return undefined;
}

/** The local name an export refers to: `export const app`, `export default app`, `export { app as server }`. */
function exportedLocal(file: SourceFile, name: string): string | undefined {
  if (name === 'default') {
    const assignment = file.getExportAssignments().find(a => !a.isExportEquals());
    const expression = assignment?.getExpression();
    if (expression && Node.isIdentifier(expression)) return expression.getText();
    return file.getFunctions().find(f => f.isDefaultExport())?.getName();
  }
  if (file.getVariableDeclaration(name)?.isExported() || file.getFunction(name)?.isExported()) return name;
  for (const declaration of file.getExportDeclarations()) {
    const specifier = declaration.getNamedExports().find(e => (e.getAliasNode()?.getText() ?? e.getName()) === name);
    if (specifier && !declaration.getModuleSpecifier()) return specifier.getName();
  }
  return undefined;
}

/** `function createApp() { const app = express(); …; return app; }`: the route goes in the function, after the app is made. */
function fromFactoryFunction(
  files: Files, path: string, file: SourceFile, name: string, adapter: FrameworkAdapter, depth: number,
): AppCreation | undefined {
  const fn = file.getFunction(name) ?? file.getVariableDeclaration(name)?.getInitializer();
  if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) {
    const imported = importedFrom(file, name);
    const resolved = imported && resolveImport(files.tree, path, imported.specifier);
    if (!imported || !resolved || depth > 2) return undefined;
    const other = files.parse(resolved);
    const local = exportedLocal(other, imported.name);
    return local ? fromFactoryFunction(files, resolved, other, local, adapter, depth + 1) : undefined;
  }
  const made = fn.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find(d => factoryCall(d.getInitializer(), adapter));
  const statement = made && enclosingStatement(made);
  return made && statement ? { path, file, anchor: statement, appText: made.getName() } : undefined;
}

/** `class Server { app = express(); constructor() { … } }`: the route goes first in the constructor. */
function classField(path: string, file: SourceFile, field: string, at: Node, adapter: FrameworkAdapter): AppCreation | undefined {
  const cls = at.getFirstAncestorByKind(SyntaxKind.ClassDeclaration);
  if (!cls) return undefined;
  const constructor = cls.getConstructors()[0];
  const assigned = constructor?.getBody()?.getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .find(b => b.getLeft().getText() === `this.${field}` && factoryCall(b.getRight(), adapter));
  const assignedStatement = assigned && enclosingStatement(assigned);
  if (assignedStatement) return { path, file, anchor: assignedStatement, appText: `this.${field}` };
  const property = cls.getProperty(field);
  if (!property || !factoryCall(property.getInitializer(), adapter) || !constructor) return undefined;
  const first = constructor.getStatements()[0];
  const superCall = first && /^super\(/.test(first.getText()) ? first : undefined;
  // Routes go after super(); without it, they open the constructor body.
  return { path, file, anchor: superCall, opens: superCall ? undefined : constructor.getBody() as Block, appText: `this.${field}` };
}
