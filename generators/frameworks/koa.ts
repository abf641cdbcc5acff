import { healthLines, listenCalls } from './listen.ts';
import type { FrameworkAdapter } from './types.ts';

/** Koa: a middleware that answers the path itself, registered before the others. */
export const koa: FrameworkAdapter = {
  name: 'koa',
  imports: ['koa'],
  dependencies: ['koa'],
  createsApp: callee => callee === 'Koa',
  startCalls: listenCalls,
  healthRoute: (app, db) => [
    `${app}.use(async (ctx, next) => {`,
    "  if (ctx.path !== '/health/db') return next();",
    `  ${healthLines(db)}`,
    "  ctx.status = health.status === 'fail' ? 503 : 200;",
    "  ctx.type = 'application/health+json';",
    '  ctx.body = health;',
    '});',
  ],
  shutdown: 'server-close',
  closeWith: 'returned-server',
};
