import { isFunction, topLevelFunction, topLevelVariable } from '../steps/syntax/nodes.ts';
import type { Node, Source } from '../steps/syntax/source.ts';
import type { CodeStyle } from '../detect/style.ts';
import { indentOf, makeAsync, styled } from '../steps/entry/edits.ts';
import { healthLines, listenCalls } from './listen.ts';
import type { FrameworkAdapter, TextEdit } from './types.ts';

/** node:http: the first lines of the request handler given to createServer answer the route. */
export const nodeHttp: FrameworkAdapter = {
  name: 'node-http',
  imports: ['node:http', 'http'],
  dependencies: [],
  createsApp: callee => /(^|\.)createServer$/.test(callee),
  startCalls: listenCalls,
  healthRoute: () => undefined,
  insertRoute: (source, _start, db, style) => addToRequestHandler(source, db, style),
  shutdown: 'server-close',
  closeWith: 'returned-server',
};

/** Lines that answer /health/db on a plain Node request (req, res), ending the request. */
export function plainHealthLines(req: string, res: string, db: string): string[] {
  return [
    `if (${req}.url === '/health/db') {`,
    `  ${healthLines(db)}`,
    `  ${res}.writeHead(health.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });`,
    `  ${res}.end(JSON.stringify(health));`,
    '  return;',
    '}',
  ];
}

function addToRequestHandler(source: Source, db: string, style: CodeStyle): TextEdit[] | undefined {
  const create = source.all('CallExpression').find(c => /(^|\.)createServer$/.test(source.textOf(c.callee)));
  let handler: Node | null | undefined = create?.arguments.at(-1);
  if (handler?.type === 'Identifier') {
    const name = handler.name;
    handler = topLevelFunction(source, name) ?? topLevelVariable(source, name)?.init;
  }
  if (!isFunction(handler)) return undefined;
  const [req, res] = handler.params.map(p => (p.type === 'Identifier' ? p.name : undefined));
  const body = handler.body;
  if (!req || !res || !body || body.type !== 'BlockStatement') return undefined;
  const first = body.body[0];
  const indent = first ? indentOf(source, first) : indentOf(source, body) + style.indent;
  const at = body.start + 1;
  const edits: TextEdit[] = [{ start: at, end: at, text: `\n${styled(plainHealthLines(req, res, db), style, indent).join('\n')}` }];
  const asyncEdit = makeAsync(source, handler);
  if (asyncEdit) edits.push(asyncEdit);
  return edits;
}
