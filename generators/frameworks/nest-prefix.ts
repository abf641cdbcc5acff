import { Node, SyntaxKind, type Expression, type SourceFile } from 'ts-morph';

/** Where a Nest route ends up once main.ts's `app.setGlobalPrefix(...)` applied, and why, when it is not plain. */
export interface NestRoutePath {
  path: string;
  /** Set when farm-db could not read the prefix or its exclude for sure: what the user should check. */
  uncertain?: string;
}

const literal = (node: Node | undefined) =>
  node && (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) ? node.getLiteralValue() : undefined;

/**
 * The path `route` (e.g. 'health/db', as its controller and handler name it) is served at, reading
 * `setGlobalPrefix(prefix, { exclude })` in main.ts as Nest applies it: the prefix goes before every
 * route except those an exclude entry (a path, or `{ path, method }` with GET or ALL) matches.
 */
export function nestRoutePath(main: SourceFile, route: string): NestRoutePath {
  const call = main.getDescendantsOfKind(SyntaxKind.CallExpression).find(c => {
    const callee = c.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'setGlobalPrefix';
  });
  const plain = `/${route}`;
  if (!call) return { path: plain };
  const [prefixArg, optionsArg] = call.getArguments();
  const prefix = literal(prefixArg);
  if (prefix === undefined) {
    return { path: `/<prefix>/${route}`, uncertain: `the global prefix (${prefixArg?.getText() ?? '?'} in ${main.getBaseName()})` };
  }
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  const prefixed = trimmed ? `/${trimmed}/${route}` : plain;
  if (!optionsArg) return { path: prefixed };
  const exclude = Node.isObjectLiteralExpression(optionsArg) ? optionsArg.getProperty('exclude') : undefined;
  if (Node.isObjectLiteralExpression(optionsArg) && !exclude) return { path: prefixed };
  const entries = exclude && Node.isPropertyAssignment(exclude) ? exclude.getInitializer() : undefined;
  if (!entries || !Node.isArrayLiteralExpression(entries)) {
    return { path: prefixed, uncertain: `the exclude option of setGlobalPrefix in ${main.getBaseName()}` };
  }
  let unread = false;
  for (const entry of entries.getElements()) {
    const matched = excludes(entry, route);
    if (matched === true) return { path: plain };
    if (matched === undefined) unread = true;
  }
  return unread ? { path: prefixed, uncertain: `the exclude option of setGlobalPrefix in ${main.getBaseName()}` } : { path: prefixed };
}

/** Whether one exclude entry covers GET `route`; undefined when it is not written as literals. */
function excludes(entry: Expression, route: string): boolean | undefined {
  const asPath = literal(entry);
  if (asPath !== undefined) return pathMatches(asPath, route);
  if (!Node.isObjectLiteralExpression(entry)) return undefined;
  const pathProperty = entry.getProperty('path');
  const path = pathProperty && Node.isPropertyAssignment(pathProperty) ? literal(pathProperty.getInitializer()) : undefined;
  if (path === undefined) return undefined;
  const methodProperty = entry.getProperty('method');
  const method = methodProperty && Node.isPropertyAssignment(methodProperty) ? methodProperty.getInitializer()?.getText() : undefined;
  const forGet = !method || /\.(GET|ALL)$/.test(method);
  return forGet && pathMatches(path, route);
}

/**
 * Exclude paths are path-to-regexp patterns: `(.*)` and `*` (Nest 10), `*name` and `{*name}` (Nest 11)
 * match the rest, `:name` one segment.
 */
function pathMatches(pattern: string, route: string): boolean {
  const marked = `/${pattern.replace(/^\/+|\/+$/g, '')}`
    .replace(/\/?(\{\*\w*\}|\(\.\*\)|\*\w*)/g, '\u0000')
    .replace(/:\w+/g, '\u0001');
  const source = marked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\u0000/g, '(?:/.*)?').replace(/\u0001/g, '[^/]+');
  return new RegExp(`^${source}/?$`).test(`/${route}`);
}
