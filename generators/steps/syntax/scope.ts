import type { Node, Source } from './source.ts';

/** A name a declaration binds, and the node whose range it is visible in. */
interface Binding {
  name: string;
  scope: Node;
}

/** The identifiers a binding pattern declares: `a`, `{ a, b: [c] }`, `...rest`, `a = 1`. */
export function patternNames(pattern: Node | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier': return [pattern.name];
    case 'ObjectPattern': return pattern.properties.flatMap(p => (p.type === 'RestElement' ? patternNames(p.argument) : patternNames(p.value)));
    case 'ArrayPattern': return pattern.elements.flatMap(e => patternNames(e));
    case 'AssignmentPattern': return patternNames(pattern.left);
    case 'RestElement': return patternNames(pattern.argument);
    case 'TSParameterProperty': return patternNames(pattern.parameter);
    default: return [];
  }
}

const isFunctionScope = (node: Node) =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'Program';
const isBlockScope = (node: Node) =>
  isFunctionScope(node) || node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'ForStatement' ||
  node.type === 'ForInStatement' || node.type === 'ForOfStatement' || node.type === 'SwitchStatement' || node.type === 'CatchClause';

/**
 * Every binding of the file with where it is visible: imports and `var`/functions in their function
 * (or the file), `let`/`const`/classes in their block, parameters and a function expression's own name
 * in the function, a catch parameter in its clause. Types and TDZ aside: enough to tell whether a
 * name farm-db inserts refers to something the user declared around it.
 */
export function bindings(source: Source): Binding[] {
  const found: Binding[] = [];
  const scopeOf = (node: Node, test: (n: Node) => boolean) => source.ancestor(node, test) ?? source.program;
  const add = (names: string[], scope: Node) => names.forEach(name => found.push({ name, scope }));
  for (const node of source.descendants()) {
    switch (node.type) {
      case 'ImportDeclaration':
        add(node.specifiers.map(s => s.local.name), source.program);
        break;
      case 'VariableDeclaration':
        add(node.declarations.flatMap(d => patternNames(d.id)), scopeOf(node, node.kind === 'var' ? isFunctionScope : isBlockScope));
        break;
      case 'FunctionDeclaration':
        if (node.id) add([node.id.name], scopeOf(node, isBlockScope));
        add(node.params.flatMap(p => patternNames(p)), node);
        break;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.type === 'FunctionExpression' && node.id) add([node.id.name], node);
        add(node.params.flatMap(p => patternNames(p)), node);
        break;
      case 'ClassDeclaration':
        if (node.id) add([node.id.name], scopeOf(node, isBlockScope));
        break;
      case 'ClassExpression':
        if (node.id) add([node.id.name], node);
        break;
      case 'CatchClause':
        add(patternNames(node.param), node);
        break;
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
        if (node.id.type === 'Identifier') add([node.id.name], scopeOf(node, isBlockScope));
        break;
      default:
    }
  }
  return found;
}

/** Every name the file declares or imports, anywhere in it. */
export const declaredNames = (source: Source): Set<string> => new Set(bindings(source).map(b => b.name));

/**
 * Identifiers looked up in scope: not a member name (`x.db`, `{ db: 1 }`, `class { db }`), a label,
 * nor the exported side of an import or export specifier.
 */
export function* references(source: Source): Generator<Node & { type: 'Identifier'; name: string }> {
  const skip = new Set<Node>();
  for (const node of source.descendants()) {
    if (node.type === 'MemberExpression' && !node.computed) skip.add(node.property);
    else if ((node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition' ||
      node.type === 'TSPropertySignature' || node.type === 'TSMethodSignature' || node.type === 'AccessorProperty') &&
      !node.computed && !(node.type === 'Property' && node.shorthand && node.key === node.value)) skip.add(node.key);
    else if (node.type === 'LabeledStatement' || node.type === 'BreakStatement' || node.type === 'ContinueStatement') {
      if (node.label) skip.add(node.label);
    } else if (node.type === 'ImportSpecifier' && node.imported !== node.local) skip.add(node.imported);
    else if (node.type === 'ExportSpecifier' && node.exported !== node.local) skip.add(node.exported);
    else if (node.type === 'JSXAttribute') skip.add(node.name);
    else if (node.type === 'TSQualifiedName') skip.add(node.right);
    if (node.type === 'Identifier' && !skip.has(node)) yield node as Node & { type: 'Identifier'; name: string };
  }
}

/**
 * `name (path:line)` for each reference to one of `names` that nothing around it declares:
 * how farm-db checks that the code it inserted lands where its names are visible.
 */
export function unresolved(source: Source, names: string[]): string[] {
  const wanted = new Set(names);
  const all = bindings(source).filter(b => wanted.has(b.name));
  const problems: string[] = [];
  for (const id of references(source)) {
    if (!wanted.has(id.name)) continue;
    const visible = all.some(b => b.name === id.name && b.scope.start <= id.start && id.end <= b.scope.end);
    if (!visible) problems.push(`${id.name} (${source.path}:${source.lineAt(id.start)})`);
  }
  return problems;
}
