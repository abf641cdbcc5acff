import { hasProperty } from '../steps/syntax/nodes.ts';
import type { Source } from '../steps/syntax/source.ts';
import type { CodeStyle } from '../detect/style.ts';
import { indentOf, styled } from '../steps/entry/edits.ts';
import { healthLines, listenCalls } from './listen.ts';
import type { FrameworkAdapter, TextEdit } from './types.ts';

/**
 * tRPC's standalone server (`createHTTPServer({ router }).listen(port)`): the route is its
 * connect-style `middleware` option, which runs before tRPC sees the request.
 * tRPC mounted on Express is an Express app: the express adapter wires it.
 */
export const trpc: FrameworkAdapter = {
  name: 'trpc',
  imports: ['@trpc/server/adapters/standalone'],
  dependencies: [],
  createsApp: callee => callee === 'createHTTPServer',
  startCalls: listenCalls,
  healthRoute: () => undefined,
  insertRoute: (source, _start, db, style) => addMiddleware(source, db, style),
  shutdown: 'server-close',
  closeWith: 'returned-server',
};

function addMiddleware(source: Source, db: string, style: CodeStyle): TextEdit[] | undefined {
  const create = source.all('CallExpression').find(c => source.textOf(c.callee) === 'createHTTPServer');
  const options = create?.arguments[0];
  if (options?.type !== 'ObjectExpression' || hasProperty(options, 'middleware')) return undefined;
  const first = options.properties[0];
  const indent = first ? indentOf(source, first) : indentOf(source, options) + style.indent;
  const lines = [
    'middleware: async (req, res, next) => {',
    "  if (req.url !== '/health/db') return next();",
    `  ${healthLines(db)}`,
    "  res.writeHead(health.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });",
    '  res.end(JSON.stringify(health));',
    '},',
  ];
  const at = options.start + 1;
  return [{ start: at, end: at, text: `\n${styled(lines, style, indent).join('\n')}` }];
}
