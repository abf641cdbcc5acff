/**
 * A small node:http app with db.dashboard() mounted at /_db, run as its own process by the
 * attach tests (`startDashboardApp`), as a real app would be: POST /authors writes one row,
 * GET /authors counts them, GET /sleep runs a 20 ms query (PostgreSQL), /health/db is the health check. The database comes in
 * DASHBOARD_APP_DATABASE (a DatabaseConfig as JSON), the dashboard's token in
 * DASHBOARD_APP_TOKEN, its port (0: any) in DASHBOARD_APP_PORT. It prints its address once listening and shuts down on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '../../config/types.ts';

const THIS_FILE = fileURLToPath(import.meta.url);

export interface DashboardApp {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Stops the app (SIGTERM) and resolves once it exited. */
  stop(): Promise<void>;
}

/** Starts the app on `config` in a child process; resolves once it listens. */
export function startDashboardApp(config: DatabaseConfig, options: { token?: string; intervalMs?: number; port?: number } = {}): Promise<DashboardApp> {
  const child: ChildProcess = spawn(process.execPath, [THIS_FILE], {
    env: {
      ...process.env,
      DASHBOARD_APP_DATABASE: JSON.stringify(config),
      DASHBOARD_APP_TOKEN: options.token ?? '',
      DASHBOARD_APP_INTERVAL_MS: String(options.intervalMs ?? 250),
      DASHBOARD_APP_PORT: String(options.port ?? 0),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>(resolve => child.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /^listening (http:\S+)$/m.exec(output)?.[1];
      if (url) resolve({ url, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`the test app exited before listening:\n${output}`)));
  });
}

async function main(): Promise<void> {
  const { DatabaseManager } = await import('../../runtime/index.ts');
  const { Author, MODELS } = await import('./models.ts');
  const config = JSON.parse(process.env.DASHBOARD_APP_DATABASE!) as DatabaseConfig;
  const db = new DatabaseManager(config, { logger: { warn() {}, error() {}, info() {} } });
  db.registerModels(MODELS);
  await db.initialize();
  const dashboard = await db.dashboard({
    token: process.env.DASHBOARD_APP_TOKEN || undefined,
    intervalMs: Number(process.env.DASHBOARD_APP_INTERVAL_MS),
  });
  let written = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/_db')) return dashboard(req, res);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const route = `${req.method} ${req.url}`;
    const work =
      route === 'POST /authors'
        ? db.transaction(async em => {
            const n = written++;
            em.create(Author, { name: `Ada ${n}`, email: `ada${n}-${process.pid}@example.com` });
          }).then(() => reply(201, { ok: true }))
        : route === 'GET /authors'
          ? db.em.fork().count(Author, {}).then(count => reply(200, { count }))
          : route === 'GET /sleep'
            ? db.em.getConnection().execute('select pg_sleep(0.02)').then(() => reply(200, { slept: 20 }))
          : route === 'GET /health/db'
            ? db.healthCheck().then(health => reply(health.status === 'fail' ? 503 : 200, health))
            : Promise.resolve(reply(404, { error: 'not found' }));
    work.catch(error => reply(500, { error: String(error) }));
  });
  server.listen(Number(process.env.DASHBOARD_APP_PORT ?? 0), '127.0.0.1', () => {
    console.log(`listening http://127.0.0.1:${(server.address() as { port: number }).port}`);
  });
  process.once('SIGTERM', async () => {
    server.closeAllConnections();
    server.close();
    await dashboard.close();
    await db.shutdown();
    process.exit(0);
  });
}

if (process.argv[1] === THIS_FILE) await main();
