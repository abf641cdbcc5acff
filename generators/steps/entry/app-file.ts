import { posix } from 'node:path';
import type { FrameworkAdapter } from '../../frameworks/index.ts';
import type { Tree } from '../../tree/tree.ts';
import {
  imports, isExported, isFunction, memberName, moduleExportName, topLevelFunction, topLevelVariable, unwrap,
} from '../syntax/nodes.ts';
import type { Node, NodeOf, Source } from '../syntax/source.ts';
import { enclosingStatement } from './find.ts';

/** Where the app is made: the file, the statement after which routes can go, and how code there names the app. */
export interface AppCreation {
  path: string;
  source: Source;
  /** The statement that makes the app; the route goes right after it, before any middleware, router or catch-all. */
  anchor: Node | undefined;
  /** With no anchor: the block the route opens (a constructor whose class field makes the app). */
  opens?: NodeOf<'BlockStatement'>;
  /** `app`, or `this.app` inside a class. */
  appText: string;
}

function factoryCall(source: Source, node: Node | null | undefined, adapter: FrameworkAdapter): boolean {
  const call = unwrap(node);
  if (!call || (call.type !== 'CallExpression' && call.type !== 'NewExpression')) return false;
  // `express().use(helmet())`, `new Hono().basePath('/api')` still make the app: look through a chain to its first call.
  let callee: Node = call.callee;
  while (callee.type === 'MemberExpression' && (callee.object.type === 'CallExpression' || callee.object.type === 'NewExpression')) {
    callee = callee.object.callee;
  }
  return adapter.createsApp(source.textOf(callee));
}

/** Resolves a relative import of `from` in the tree: `./app.js` → `src/app.ts`, `./app` → `src/app.ts` or `src/app/index.ts`. */
export function resolveImport(tree: Tree, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.join(posix.dirname(from), specifier).replace(/\.(js|ts|mjs|cjs)$/, '');
  return [`${base}.ts`, `${base}.mts`, `${base}.cts`, `${base}/index.ts`].find(path => tree.exists(path));
}

/** Parses a file of the tree once per run (the same Source every time). */
export interface Files {
  tree: Tree;
  parse(path: string): Source;
}

/**
 * Follows the app the start call uses to the statement that makes it: in the same scope, in the
 * file it is imported from, inside a factory function (`const app = createApp()`), or a class field.
 */
export function findAppCreation(files: Files, path: string, source: Source, app: Node, adapter: FrameworkAdapter, depth = 0): AppCreation | undefined {
  if (depth > 3) return undefined;
  const target = unwrap(app);
  if (!target) return undefined;
  if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression') {
    const field = memberName(target);
    return field ? classField(path, source, field, target, adapter) : undefined;
  }
  if (target.type !== 'Identifier') return undefined;
  const name = target.name;
  const declaration = visibleVariable(source, name, target);
  if (declaration) {
    const init = declaration.init;
    const statement = enclosingStatement(source, declaration);
    if (statement && factoryCall(source, init, adapter)) return { path, source, anchor: statement, appText: name };
    const called = unwrap(init);
    if (called?.type === 'CallExpression' && called.callee.type === 'Identifier') {
      return fromFactoryFunction(files, path, source, called.callee.name, adapter, depth);
    }
    return undefined;
  }
  const imported = importedFrom(source, name);
  if (!imported) return undefined;
  const resolved = resolveImport(files.tree, path, imported.specifier);
  if (!resolved) return undefined;
  const other = files.parse(resolved);
  const exported = exportedLocal(other, imported.name);
  if (!exported) return undefined;
  if (topLevelFunction(other, exported)) return fromFactoryFunction(files, resolved, other, exported, adapter, depth + 1);
  const local = topLevelVariable(other, exported);
  return local ? findAppCreation(files, resolved, other, local.id, adapter, depth + 1) : undefined;
}

/** The variable `name` visible where `at` is: the innermost enclosing scope's declaration. */
function visibleVariable(source: Source, name: string, at: Node) {
  const candidates = source.all('VariableDeclarator').filter(d => d.id.type === 'Identifier' && d.id.name === name);
  return candidates
    .filter(d => {
      const scope = source.ancestor(d, n => n.type === 'BlockStatement' || n.type === 'Program')!;
      return at.start >= scope.start && at.end <= scope.end;
    })
    .sort((a, b) => b.start - a.start)[0];
}

function importedFrom(source: Source, local: string): { specifier: string; name: string } | undefined {
  for (const declaration of imports(source)) {
    const specifier = declaration.source.value;
    for (const s of declaration.specifiers) {
      if (s.local.name !== local) continue;
      if (s.type === 'ImportDefaultSpecifier') return { specifier, name: 'default' };
      if (s.type === 'ImportSpecifier') return { specifier, name: moduleExportName(s.imported) };
    }
  }
  return undefined;
}

/** The local name an export refers to: `export const app`, `export default app`, `export { app as server }`. */
function exportedLocal(source: Source, name: string): string | undefined {
  const body = source.program.body;
  if (name === 'default') {
    const declaration = body.find((s): s is NodeOf<'ExportDefaultDeclaration'> => s.type === 'ExportDefaultDeclaration')?.declaration;
    if (declaration?.type === 'Identifier') return declaration.name;
    return declaration?.type === 'FunctionDeclaration' ? declaration.id?.name ?? undefined : undefined;
  }
  const variable = topLevelVariable(source, name);
  const fn = topLevelFunction(source, name);
  if ((variable && isExported(source, variable)) || (fn && isExported(source, fn))) return name;
  for (const declaration of body) {
    if (declaration.type !== 'ExportNamedDeclaration' || declaration.source) continue;
    const specifier = declaration.specifiers.find(e => moduleExportName(e.exported) === name);
    if (specifier) return moduleExportName(specifier.local);
  }
  return undefined;
}

/** `function createApp() { const app = express(); …; return app; }`: the route goes in the function, after the app is made. */
function fromFactoryFunction(
  files: Files, path: string, source: Source, name: string, adapter: FrameworkAdapter, depth: number,
): AppCreation | undefined {
  const fn = topLevelFunction(source, name) ?? topLevelVariable(source, name)?.init;
  if (!isFunction(fn)) {
    const imported = importedFrom(source, name);
    const resolved = imported && resolveImport(files.tree, path, imported.specifier);
    if (!imported || !resolved || depth > 2) return undefined;
    const other = files.parse(resolved);
    const local = exportedLocal(other, imported.name);
    return local ? fromFactoryFunction(files, resolved, other, local, adapter, depth + 1) : undefined;
  }
  const made = source.all('VariableDeclarator', fn).find(d => factoryCall(source, d.init, adapter));
  const statement = made && enclosingStatement(source, made);
  return made && statement && made.id.type === 'Identifier' ? { path, source, anchor: statement, appText: made.id.name } : undefined;
}

/** `class Server { app = express(); constructor() { … } }`: the route goes first in the constructor. */
function classField(path: string, source: Source, field: string, at: Node, adapter: FrameworkAdapter): AppCreation | undefined {
  const cls = source.ancestor(at, (n): n is NodeOf<'ClassDeclaration'> => n.type === 'ClassDeclaration');
  if (!cls) return undefined;
  const members = cls.body.body;
  const constructor = members.find((m): m is NodeOf<'MethodDefinition'> => m.type === 'MethodDefinition' && m.kind === 'constructor');
  const body = constructor?.value.body ?? undefined;
  const assigned = body && source.all('AssignmentExpression', body)
    .find(b => source.textOf(b.left) === `this.${field}` && factoryCall(source, b.right, adapter));
  const assignedStatement = assigned && enclosingStatement(source, assigned);
  if (assignedStatement) return { path, source, anchor: assignedStatement, appText: `this.${field}` };
  const property = members.find((m): m is NodeOf<'PropertyDefinition'> =>
    m.type === 'PropertyDefinition' && !m.computed && m.key.type === 'Identifier' && m.key.name === field);
  if (!property || !factoryCall(source, property.value, adapter) || !body) return undefined;
  const first = body.body[0];
  const superCall = first && /^super\(/.test(source.textOf(first)) ? first : undefined;
  // Routes go after super(); without it, they open the constructor body.
  return { path, source, anchor: superCall, opens: superCall ? undefined : body, appText: `this.${field}` };
}
