import type { ObjectExpression, ObjectProperty } from 'oxc-parser';
import type { Node, NodeOf, Source } from './source.ts';

/**
 * Questions the codemods ask of ESTree nodes, named for what they mean in the user's code.
 * ESTree spells TypeScript's shapes differently: a method is a MethodDefinition around a
 * FunctionExpression, `export const` an ExportNamedDeclaration around the declaration.
 */
export type FunctionNode = NodeOf<'ArrowFunctionExpression'> | NodeOf<'FunctionExpression'> | NodeOf<'FunctionDeclaration'>;
export type CallNode = NodeOf<'CallExpression'>;

export const isFunction = (node: Node | null | undefined): node is FunctionNode =>
  !!node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration');

/** `(x)`, `await x`, `x as T`, `x satisfies T`, `x!` → x. */
export function unwrap(node: Node | null | undefined): Node | undefined {
  let current = node ?? undefined;
  while (current) {
    if (current.type === 'ParenthesizedExpression' || current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression' ||
      current.type === 'TSNonNullExpression') current = current.expression;
    else if (current.type === 'AwaitExpression') current = current.argument;
    else break;
  }
  return current;
}

/** `a.b` (not `a[b]`): the member name, else undefined. */
export function memberName(node: Node | null | undefined): string | undefined {
  return node?.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' ? node.property.name : undefined;
}

/** A string written as a literal: 'x', "x" or `x` without substitutions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The name an object property or class member is written with (`a`, `'a'`), unless computed. */
export function keyName(node: { key: Node; computed: boolean }): string | undefined {
  if (node.computed) return undefined;
  return node.key.type === 'Identifier' ? node.key.name : stringValue(node.key);
}

/** `{ name: value }` in an object literal: the property (not a spread, method or shorthand). */
export function propertyAssignment(object: ObjectExpression, name: string): ObjectProperty | undefined {
  return object.properties.find((p): p is ObjectProperty =>
    p.type === 'Property' && !p.method && !p.shorthand && p.kind === 'init' && keyName(p) === name);
}

/** Any property of that name (shorthand and methods included). */
export function hasProperty(object: ObjectExpression, name: string): boolean {
  return object.properties.some(p => p.type === 'Property' && keyName(p) === name);
}

/** The statement (directly in a block or the file) that contains `node`. */
export function enclosingStatement(source: Source, node: Node): Node | undefined {
  for (let current: Node | undefined = node; current; current = source.parentOf(current)) {
    const parent = source.parentOf(current);
    if (parent && (parent.type === 'Program' || parent.type === 'BlockStatement' || parent.type === 'StaticBlock')) return current;
  }
  return undefined;
}

/** The function a method's body belongs to: a method (not a constructor or accessor) counts; its FunctionExpression is it. */
function isMethodFunction(source: Source, node: Node): boolean {
  const parent = source.parentOf(node);
  return !!parent && ((parent.type === 'MethodDefinition' && parent.kind === 'method') || (parent.type === 'Property' && parent.method));
}

/** The innermost function around `node` (arrow, function, or method; not a constructor or accessor), if any. */
export function enclosingFunction(source: Source, node: Node): FunctionNode | undefined {
  return source.ancestor(node, (n): n is FunctionNode => {
    if (!isFunction(n)) return false;
    const parent = source.parentOf(n);
    const accessorOrConstructor = !!parent && (parent.type === 'MethodDefinition' || (parent.type === 'Property' && parent.kind !== 'init'));
    return !accessorOrConstructor || isMethodFunction(source, n);
  });
}

/** Where `async ` goes to make `fn` async: before `function`, the arrow's parameters, or a method's name. */
export function asyncInsertionPoint(source: Source, fn: FunctionNode): number {
  const parent = source.parentOf(fn);
  if (parent && (parent.type === 'MethodDefinition' || parent.type === 'Property') && parent.value === fn) return parent.key.start;
  return fn.start;
}

/** Statements at the top of the file, looking through `export` / `export default`. */
function* topLevel(source: Source): Generator<Node> {
  for (const statement of source.program.body) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) {
      yield statement.declaration as Node;
    } else yield statement;
  }
}

/** A function declared at the top of the file by that name. */
export function topLevelFunction(source: Source, name: string): NodeOf<'FunctionDeclaration'> | undefined {
  for (const node of topLevel(source)) if (node.type === 'FunctionDeclaration' && node.id?.name === name) return node as NodeOf<'FunctionDeclaration'>;
  return undefined;
}

/** A `const|let|var name = …` at the top of the file. */
export function topLevelVariable(source: Source, name: string): NodeOf<'VariableDeclarator'> | undefined {
  for (const node of topLevel(source)) {
    if (node.type !== 'VariableDeclaration') continue;
    const found = node.declarations.find(d => d.id.type === 'Identifier' && d.id.name === name);
    if (found) return found;
  }
  return undefined;
}

/** A class declared at the top of the file by that name. */
export function topLevelClass(source: Source, name: string): NodeOf<'ClassDeclaration'> | undefined {
  for (const node of topLevel(source)) if (node.type === 'ClassDeclaration' && node.id?.name === name) return node as NodeOf<'ClassDeclaration'>;
  return undefined;
}

/** Whether a top-level declaration is exported (`export const`, `export function`). */
export function isExported(source: Source, declaration: Node): boolean {
  return !!source.ancestor(declaration, (n): n is Node => n.type === 'ExportNamedDeclaration' || n.type === 'ExportDefaultDeclaration');
}

/** The variable statement a statement is or exports. */
export function variableStatement(statement: Node | undefined): NodeOf<'VariableDeclaration'> | undefined {
  if (statement?.type === 'VariableDeclaration') return statement;
  if (statement?.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration') return statement.declaration;
  return undefined;
}

export const imports = (source: Source) => source.program.body.filter((s): s is NodeOf<'ImportDeclaration'> => s.type === 'ImportDeclaration');

/** The name an import or export specifier is written with (`a`, or `'a'` in `import { 'a' as b }`). */
export const moduleExportName = (node: Node): string => (node.type === 'Identifier' ? node.name : String((node as { value?: unknown }).value));

/** The callee of a call or `new`, as written without spaces (`process.on`, `express`). */
export const calleeText = (source: Source, call: { callee: Node }): string => source.textOf(call.callee).replace(/\s/g, '');
