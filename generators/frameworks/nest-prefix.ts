import { posix } from 'node:path';
import { hasProperty, memberName, propertyAssignment, stringValue } from '../steps/syntax/nodes.ts';
import type { Node, Source } from '../steps/syntax/source.ts';

/** Where a Nest route ends up once main.ts's `app.setGlobalPrefix(...)` applied, and why, when it is not plain. */
export interface NestRoutePath {
  path: string;
  /** Set when farm-db could not read the prefix or its exclude for sure: what the user should check. */
  uncertain?: string;
}

const literal = stringValue;

/**
 * The path `route` (e.g. 'health/db', as its controller and handler name it) is served at, reading
 * `setGlobalPrefix(prefix, { exclude })` in main.ts as Nest applies it: the prefix goes before every
 * route except those an exclude entry (a path, or `{ path, method }` with GET or ALL) matches.
 */
export function nestRoutePath(main: Source, route: string): NestRoutePath {
  const call = main.all('CallExpression').find(c => memberName(c.callee) === 'setGlobalPrefix');
  const baseName = posix.basename(main.path);
  const plain = `/${route}`;
  if (!call) return { path: plain };
  const [prefixArg, optionsArg] = call.arguments;
  const prefix = literal(prefixArg);
  if (prefix === undefined) {
    return { path: `/<prefix>/${route}`, uncertain: `the global prefix (${prefixArg ? main.textOf(prefixArg) : '?'} in ${baseName})` };
  }
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  const prefixed = trimmed ? `/${trimmed}/${route}` : plain;
  if (!optionsArg) return { path: prefixed };
  const isObject = optionsArg.type === 'ObjectExpression';
  if (isObject && !hasProperty(optionsArg, 'exclude')) return { path: prefixed };
  const entries = isObject ? propertyAssignment(optionsArg, 'exclude')?.value : undefined;
  if (entries?.type !== 'ArrayExpression') {
    return { path: prefixed, uncertain: `the exclude option of setGlobalPrefix in ${baseName}` };
  }
  let unread = false;
  for (const entry of entries.elements) {
    const matched = entry ? excludes(main, entry, route) : undefined;
    if (matched === true) return { path: plain };
    if (matched === undefined) unread = true;
  }
  return unread ? { path: prefixed, uncertain: `the exclude option of setGlobalPrefix in ${baseName}` } : { path: prefixed };
}

/** Whether one exclude entry covers GET `route`; undefined when it is not written as literals. */
function excludes(main: Source, entry: Node, route: string): boolean | undefined {
  const asPath = literal(entry);
  if (asPath !== undefined) return pathMatches(asPath, route);
  if (entry.type !== 'ObjectExpression') return undefined;
  const path = literal(propertyAssignment(entry, 'path')?.value);
  if (path === undefined) return undefined;
  const methodValue = propertyAssignment(entry, 'method')?.value;
  const method = methodValue ? main.textOf(methodValue) : undefined;
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
