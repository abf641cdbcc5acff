import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { healthLines } from './listen.ts';
import type { FrameworkAdapter, StartCall } from './types.ts';

/** Hono on @hono/node-server: `serve({ fetch: app.fetch, port })` starts it and returns the Node server. */
export const hono: FrameworkAdapter = {
  name: 'hono',
  imports: ['@hono/node-server'],
  dependencies: ['@hono/node-server'],
  createsApp: callee => /^(Hono|OpenAPIHono)$/.test(callee),
  startCalls: serveCalls,
  healthRoute: (app, db) => [
    `${app}.get('/health/db', async (c) => {`,
    `  ${healthLines(db)}`,
    "  return c.body(JSON.stringify(health), health.status === 'fail' ? 503 : 200, { 'content-type': 'application/health+json' });",
    '});',
  ],
  shutdown: 'server-close',
  closeWith: 'returned-server',
};

function serveCalls(file: SourceFile): StartCall[] {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap((call): StartCall[] => {
    if (call.getExpression().getText() !== 'serve') return [];
    const [options] = call.getArguments();
    if (options && Node.isObjectLiteralExpression(options)) {
      const fetch = options.getProperty('fetch');
      const value = fetch && Node.isPropertyAssignment(fetch) ? fetch.getInitializer() : undefined;
      const app = value && Node.isPropertyAccessExpression(value) ? value.getExpression() : undefined;
      return [{ call, app }];
    }
    return [{ call, app: options }];
  });
}
