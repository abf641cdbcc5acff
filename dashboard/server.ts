import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { FarmRuntimeError, type DashboardHandler, type DatabaseManager } from '../runtime/index.ts';
import { AppStream } from './attach.ts';
import { createDashboardHandler } from './handler.ts';

export interface ServeOptions {
  host?: string;
  port?: number;
  token?: string;
  intervalMs?: number;
  /** Say on the page that it shows the server-side figures and this process only (`farm db dashboard` alone). */
  standalone?: boolean;
  /** Attach to a running app's mounted dashboard (`farm db dashboard --app`): its address and token. */
  app?: { url: string; token?: string };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * The dashboard on its own HTTP server (`farm db dashboard`). Loopback by default; any other
 * address is refused unless a token guards it.
 */
export interface ServedDashboard {
  server: Server;
  url: string;
  handler: DashboardHandler;
  /** The app attached to (`app` given), as shown: no token. */
  attachedTo?: string;
  close(): Promise<void>;
}

export async function serveDashboard(db: DatabaseManager, options: ServeOptions = {}): Promise<ServedDashboard> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? db.config.monitoring.dashboardToken ?? undefined;
  if (!isLoopback(host) && !token) {
    throw new FarmRuntimeError(`the dashboard would be reachable from other machines at ${host} with no token`, {
      hint: 'set database.monitoring.dashboardToken in farm.config.ts (or FARM_DASHBOARD_TOKEN), or serve it on 127.0.0.1',
    });
  }
  // Attaching fails here, before anything listens, when the app cannot be read.
  const app = options.app ? await AppStream.connect(options.app.url, options.app.token) : undefined;
  if (!db.isReady) throw new FarmRuntimeError('cannot use dashboard before initialize() has finished', { hint: 'await db.initialize() first' });
  const handler = createDashboardHandler(db, { token, intervalMs: options.intervalMs, standalone: options.standalone, app });
  const server = createServer((req, res) => handler(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4100, host, () => resolve());
    });
  } catch (error) {
    await handler.close();
    throw error;
  }
  const address = server.address() as { port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
  return {
    server,
    url,
    handler,
    attachedTo: app?.shown,
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
