import { listenCalls } from './listen.ts';
import type { FrameworkAdapter } from './types.ts';

/**
 * NestJS: nothing is inserted around `listen`. A global DatabaseModule (rendered from
 * templates/nestjs) initializes the database in onModuleInit and closes it in
 * onApplicationShutdown, which Nest runs after the HTTP server closed once
 * `app.enableShutdownHooks()` is on; its controller answers /health/db. See steps/entry/nest.ts.
 */
export const nestjs: FrameworkAdapter = {
  name: 'nestjs',
  imports: ['@nestjs/core'],
  dependencies: ['@nestjs/core'],
  createsApp: callee => /^NestFactory\.create/.test(callee),
  startCalls: listenCalls,
  healthRoute: () => undefined,
  shutdown: 'lifecycle',
};
