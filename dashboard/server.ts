import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { FarmRuntimeError, type DashboardHandler, type DatabaseManager } from '../runtime/index.ts';

export interface ServeOptions {
  host?: string;
  port?: number;
  token?: string;
  intervalMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * The dashboard on its own HTTP server (`farm db dashboard`). Loopback by default; any other
 * address is refused unless a token guards it.
 */
export async function serveDashboard(db: DatabaseManager, options: ServeOptions = {}): Promise<{ server: Server; url: string; handler: DashboardHandler; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? db.config.monitoring.dashboardToken ?? undefined;
  if (!isLoopback(host) && !token) {
    throw new FarmRuntimeError(`the dashboard would be reachable from other machines at ${host} with no token`, {
      hint: 'set database.monitoring.dashboardToken in farm.config.ts (or FARM_DASHBOARD_TOKEN), or serve it on 127.0.0.1',
    });
  }
  const handler = await db.dashboard({ token, intervalMs: options.intervalMs });
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4100, host, () => resolve());
  });
  const address = server.address() as { port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`;
  return {
    server,
    url,
    handler,
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
