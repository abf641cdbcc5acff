import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { Framework } from '../../detect/framework.ts';
import type { CodeStyle } from '../../detect/style.ts';
import { statement } from '../../format.ts';
import { appVariable, containerOf, enclosingStatement, listenCalls } from './find.ts';

const APP_FACTORIES: Partial<Record<Framework, RegExp>> = {
  express: /^express$/,
  fastify: /^(fastify|Fastify|fastify\.default)$/,
  koa: /^Koa$/,
};

/** Adds GET /health/db answering healthCheck() as application/health+json: 200 unless the check fails (503). */
export function addHealthRoute(file: SourceFile, framework: Framework, style: CodeStyle): boolean {
  if (file.getFullText().includes('/health/db')) return true;
  if (framework === 'node-http') return addToRequestHandler(file, style);
  const factory = APP_FACTORIES[framework];
  const app = factory && appVariable(file, factory);
  const declaration = app && enclosingStatement(app);
  if (!app || !declaration) return false;
  const route = `\n${ROUTES[framework]!(app.getName(), style)}`;
  // With the other routes, just before listen when that is in the same scope; else after the app is made.
  const listen = listenCalls(file).map(enclosingStatement).find(s => s && s.getParent() === declaration.getParent() && s.getChildIndex() > declaration.getChildIndex());
  if (listen) containerOf(listen).insertStatements(listen.getChildIndex(), route);
  else containerOf(declaration).insertStatements(declaration.getChildIndex() + 1, route);
  return true;
}

const block = (style: CodeStyle, head: string, body: string[], tail: string) =>
  [statement(head, style), ...body.map(line => `${style.indent}${statement(line, style)}`), statement(tail, style)].join('\n');

const ROUTES: Partial<Record<Framework, (app: string, style: CodeStyle) => string>> = {
  express: (app, style) =>
    block(style, `${app}.get('/health/db', async (_req, res) => {`, [
      'const health = await db.healthCheck();',
      "res.status(health.status === 'fail' ? 503 : 200).type('application/health+json').json(health);",
    ], '});'),
  fastify: (app, style) =>
    block(style, `${app}.get('/health/db', async (_request, reply) => {`, [
      'const health = await db.healthCheck();',
      "return reply.code(health.status === 'fail' ? 503 : 200).type('application/health+json').send(health);",
    ], '});'),
  koa: (app, style) =>
    block(style, `${app}.use(async (ctx, next) => {`, [
      "if (ctx.path !== '/health/db') return next();",
      'const health = await db.healthCheck();',
      "ctx.status = health.status === 'fail' ? 503 : 200;",
      "ctx.type = 'application/health+json';",
      'ctx.body = health;',
    ], '});'),
};

/** node:http: the first lines of the request handler given to createServer answer the route. */
function addToRequestHandler(file: SourceFile, style: CodeStyle): boolean {
  const create = file.getDescendantsOfKind(SyntaxKind.CallExpression).find(c => /(^|\.)createServer$/.test(c.getExpression().getText()));
  let handler: Node | undefined = create?.getArguments().at(-1);
  if (handler && Node.isIdentifier(handler)) {
    handler = file.getFunction(handler.getText()) ?? file.getVariableDeclaration(handler.getText())?.getInitializer();
  }
  if (!handler || !(Node.isArrowFunction(handler) || Node.isFunctionExpression(handler) || Node.isFunctionDeclaration(handler))) return false;
  const [req, res] = handler.getParameters().map(p => p.getName());
  const body = handler.getBody();
  if (!req || !res || !body || !Node.isBlock(body)) return false;
  handler.setIsAsync(true);
  const i = style.indent;
  body.insertStatements(0, [
    `if (${req}.url === '/health/db') {`,
    `${i}${statement('const health = await db.healthCheck();', style)}`,
    `${i}${statement(`${res}.writeHead(health.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });`, style)}`,
    `${i}${statement(`${res}.end(JSON.stringify(health));`, style)}`,
    `${i}${statement('return;', style)}`,
    '}',
  ].join('\n').replace(/'/g, style.quote));
  return true;
}
