import { healthLines, listenCalls } from './listen.ts';
import type { FrameworkAdapter } from './types.ts';

/** Fastify: the database closes in the app's onClose hook, which `app.close()` runs after the server drained. */
export const fastify: FrameworkAdapter = {
  name: 'fastify',
  imports: ['fastify'],
  dependencies: ['fastify'],
  createsApp: callee => /^(fastify|Fastify|fastify\.default)$/.test(callee),
  startCalls: listenCalls,
  healthRoute: (app, db) => [
    `${app}.get('/health/db', async (_request, reply) => {`,
    `  ${healthLines(db)}`,
    "  return reply.code(health.status === 'fail' ? 503 : 200).type('application/health+json').send(health);",
    '});',
  ],
  shutdown: 'on-close-hook',
  closeHook: (app, db) => [`${app}.addHook('onClose', async () => {`, `  await ${db}.shutdown();`, '});'],
  closeWith: 'app-close',
};
