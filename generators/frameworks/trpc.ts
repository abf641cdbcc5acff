import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
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
  insertRoute: (file, _start, db, style) => addMiddleware(file, db, style),
  shutdown: 'server-close',
  closeWith: 'returned-server',
};

function addMiddleware(file: SourceFile, db: string, style: CodeStyle): TextEdit[] | undefined {
  const create = file.getDescendantsOfKind(SyntaxKind.CallExpression).find(c => c.getExpression().getText() === 'createHTTPServer');
  const options = create?.getArguments()[0];
  if (!options || !Node.isObjectLiteralExpression(options) || options.getProperty('middleware')) return undefined;
  const first = options.getProperties()[0];
  const indent = first ? indentOf(first) : indentOf(options) + style.indent;
  const lines = [
    'middleware: async (req, res, next) => {',
    "  if (req.url !== '/health/db') return next();",
    `  ${healthLines(db)}`,
    "  res.writeHead(health.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });",
    '  res.end(JSON.stringify(health));',
    '},',
  ];
  const at = options.getStart() + 1;
  return [{ start: at, end: at, text: `\n${styled(lines, style, indent).join('\n')}` }];
}
