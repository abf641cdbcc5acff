import { get, request } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serveDashboard } from '../../dashboard/server.ts';
import { DatabaseManager } from '../../runtime/manager.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { sqliteTarget, type TestDatabase } from '../support/databases.ts';
import { MODELS } from '../support/models.ts';

interface Context {
  database: TestDatabase;
  db: DatabaseManager;
  served: Awaited<ReturnType<typeof serveDashboard>>;
}

const INTERVAL_MS = 100;
const test = suite<Context>('dashboard safety (SQLite)', {} as Context);

test.before.each(async context => {
  context.database = await sqliteTarget.create();
  context.db = new DatabaseManager(context.database.config, { logger: captureLogger() });
  context.db.registerModels(MODELS);
  await context.db.initialize();
  context.served = await serveDashboard(context.db, { port: 0, intervalMs: INTERVAL_MS });
});

test.after.each(async context => {
  await context.served?.close();
  await context.db?.shutdown();
  await context.database?.drop();
});

/** The raw request line goes out as given: no client-side normalisation of the path. */
function rawGet(url: string, path: string): Promise<{ status: number; location: string | undefined }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, res => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });
}

for (const path of ['/.//evil.example', '/.//\\evil.example', '/./\\/evil.example?x=1']) {
  test(`GET ${path} redirects only to a path-absolute location on the same origin`, async context => {
    const { status, location } = await rawGet(context.served.url, path);
    assert.is(status, 302);
    assert.ok(location?.startsWith('/'), `Location ${location}`);
    assert.not.ok(/^[/\\]{2}/.test(location ?? ''), `Location ${location} is a network-path reference`);
    const resolved = new URL(location ?? '', context.served.url);
    assert.is(resolved.origin, new URL(context.served.url).origin);
  });
}

test('200 SSE clients get one initial update each and one message per client per tick', async context => {
  const CLIENTS = 200;
  const counts: number[] = [];
  const requests: ReturnType<typeof get>[] = [];
  const connected = Array.from({ length: CLIENTS }, (_, i) => new Promise<void>((resolve, reject) => {
    counts[i] = 0;
    const req = get(`${context.served.url}events`, res => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (counts[i] += chunk.split('data: ').length - 1));
      resolve();
    });
    req.on('error', reject);
    requests.push(req);
  }));
  const started = Date.now();
  await Promise.all(connected);
  await new Promise(resolve => setTimeout(resolve, 10 * INTERVAL_MS));
  const elapsed = Date.now() - started;
  for (const req of requests) req.destroy();
  const total = counts.reduce((sum, n) => sum + n, 0);
  const ticks = Math.ceil(elapsed / INTERVAL_MS);
  assert.ok(counts.every(n => n >= 1), 'every client got its initial update');
  // One initial update per client plus at most one per tick: linear in the clients, not their square.
  assert.ok(total <= CLIENTS * (ticks + 1), `${total} messages for ${CLIENTS} clients over ${ticks} ticks`);
  assert.ok(total >= CLIENTS * Math.floor(ticks / 2), `${total} messages: the periodic broadcast reaches every client`);
});

test.run();
