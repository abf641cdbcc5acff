import { propertyAssignment } from '../steps/syntax/nodes.ts';
import type { Source } from '../steps/syntax/source.ts';
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

function serveCalls(source: Source): StartCall[] {
  return source.all('CallExpression').flatMap((call): StartCall[] => {
    if (source.textOf(call.callee) !== 'serve') return [];
    const [options] = call.arguments;
    if (options?.type === 'ObjectExpression') {
      const value = propertyAssignment(options, 'fetch')?.value;
      const app = value?.type === 'MemberExpression' ? value.object : undefined;
      return [{ call, app }];
    }
    return [{ call, app: options }];
  });
}
