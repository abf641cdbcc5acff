import { listenCalls } from './listen.ts';
import type { FrameworkAdapter } from './types.ts';

/** A framework farm-db does not know: initialize before `.listen()` and close after it; the route is a manual step. */
export const unknown: FrameworkAdapter = {
  name: 'unknown',
  imports: [],
  dependencies: [],
  createsApp: () => false,
  startCalls: listenCalls,
  healthRoute: () => undefined,
  shutdown: 'server-close',
  closeWith: 'returned-server',
};
