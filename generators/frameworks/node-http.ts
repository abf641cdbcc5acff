import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
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
  insertRoute: (file, _start, db, style) => addToRequestHandler(file, db, style),
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

function addToRequestHandler(file: SourceFile, db: string, style: CodeStyle): TextEdit[] | undefined {
  const create = file.getDescendantsOfKind(SyntaxKind.CallExpression).find(c => /(^|\.)createServer$/.test(c.getExpression().getText()));
  let handler: Node | undefined = create?.getArguments().at(-1);
  if (handler && Node.isIdentifier(handler)) {
    handler = file.getFunction(handler.getText()) ?? file.getVariableDeclaration(handler.getText())?.getInitializer();
  }
  if (!handler || !(Node.isArrowFunction(handler) || Node.isFunctionExpression(handler) || Node.isFunctionDeclaration(handler))) return undefined;
  const [req, res] = handler.getParameters().map(p => p.getName());
  const body = handler.getBody();
  if (!req || !res || !body || !Node.isBlock(body)) return undefined;
  const first = body.getStatements()[0];
  const indent = first ? indentOf(first) : indentOf(body) + style.indent;
  const at = body.getStart() + 1;
  const edits: TextEdit[] = [{ start: at, end: at, text: `\n${styled(plainHealthLines(req, res, db), style, indent).join('\n')}` }];
  const asyncEdit = makeAsync(handler);
  if (asyncEdit) edits.push(asyncEdit);
  return edits;
}
