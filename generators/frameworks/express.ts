import { healthLines, listenCalls } from './listen.ts';
import type { FrameworkAdapter } from './types.ts';

/** Express 4 and 5 (and tRPC mounted on Express, which is an Express app). */
export const express: FrameworkAdapter = {
  name: 'express',
  imports: ['express'],
  dependencies: ['express'],
  createsApp: callee => callee === 'express',
  startCalls: listenCalls,
  healthRoute: (app, db) => [
    `${app}.get('/health/db', async (_req, res) => {`,
    `  ${healthLines(db)}`,
    "  res.status(health.status === 'fail' ? 503 : 200).type('application/health+json').json(health);",
    '});',
  ],
  shutdown: 'server-close',
  closeWith: 'returned-server',
};
