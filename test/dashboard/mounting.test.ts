import { createServer, type Server } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import express from 'express';
import Fastify from 'fastify';
import { DatabaseManager } from '../../runtime/manager.ts';
import type { DashboardHandler } from '../../runtime/dashboard-source.ts';
import type { AlertEvent } from '../../runtime/alerts.ts';
import { sqliteTarget, type TestDatabase } from '../support/databases.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { MODELS } from '../support/models.ts';
import { readStream } from '../support/dashboard-stream.ts';

interface Context {
  database: TestDatabase;
  db: DatabaseManager;
  handler: DashboardHandler;
}

const mount = suite<Context>('db.dashboard() mounted in an existing app', {} as Context);

mount.before.each(async context => {
  context.database = await sqliteTarget.create();
  context.db = new DatabaseManager(context.database.config, { logger: captureLogger() });
  context.db.registerModels(MODELS);
  await context.db.initialize();
  context.handler = await context.db.dashboard();
});
mount.after.each(async context => {
  await context.handler.close();
  await context.db.shutdown();
  await context.database.drop();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** The page, its script, one state and the metrics, all under /_db/. */
async function checkMounted(base: string): Promise<void> {
  const page = await fetch(`${base}/_db/`);
  assert.is(page.status, 200);
  assert.match(await page.text(), '<title>farm-db dashboard</title>');
  assert.is((await fetch(`${base}/_db/uplot.js`)).status, 200);
  const state = (await (await fetch(`${base}/_db/state`)).json()) as { provider: string; health: { status: string } };
  assert.equal([state.provider, state.health.status], ['SQLite', 'pass']);
  assert.match(await (await fetch(`${base}/_db/metrics`)).text(), '# TYPE farm_db_queries_total counter');
  const bare = await fetch(`${base}/_db`, { redirect: 'manual' });
  assert.is(bare.status, 302);
  assert.is(bare.headers.get('location'), '/_db/');
}

mount('node:http: routed by path prefix', async ({ handler }) => {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/_db')) return handler(req, res);
    res.end('app');
  });
  try {
    await checkMounted(await listen(server));
  } finally {
    server.close();
  }
});

mount('Express: app.use("/_db", handler), other routes untouched', async ({ handler }) => {
  const app = express();
  app.use('/_db', handler);
  app.get('/hello', (_req, res) => void res.send('hello'));
  const server = createServer(app);
  try {
    const base = await listen(server);
    await checkMounted(base);
    assert.is(await (await fetch(`${base}/hello`)).text(), 'hello');
    assert.is((await fetch(`${base}/_db/nothing-here`)).status, 404, 'unknown paths go on to Express');
  } finally {
    server.close();
  }
});

mount('Fastify: a hijacked route hands over the raw request', async ({ handler }) => {
  const app = Fastify();
  const dashboard = (request: { raw: never }, reply: { hijack(): void; raw: never }) => {
    reply.hijack();
    handler(request.raw, reply.raw);
  };
  app.get('/_db', dashboard as never);
  app.get('/_db/*', dashboard as never);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    await checkMounted(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
  } finally {
    await app.close();
  }
});

mount('two dashboards on one manager: closing one, alerts still fire for the other; closing both stops the evaluator', async ({ db, handler }) => {
  const second = await db.dashboard();
  assert.is(db.alerts.holders, 2);
  await second.close();
  await second.close(); // twice: still one release
  assert.is(db.alerts.holders, 1, 'the first dashboard still holds the evaluator');
  // SQLite has one connection: a transaction kept open is a pool 100 % busy, over the default 90 %.
  const raised = new Promise<AlertEvent>(resolve => db.monitor.on('alert', (e: AlertEvent) => e.state === 'raised' && resolve(e)));
  await db.transaction(async () => {
    let timer: NodeJS.Timeout | undefined;
    const none = new Promise(resolve => (timer = setTimeout(resolve, db.alerts.thresholds.intervalMs * 3, 'none')));
    const event = await Promise.race([raised, none]);
    clearTimeout(timer); // else it holds the test process for 15 s after the last test
    assert.is((event as AlertEvent).name, 'poolUtilization', 'the evaluator kept running on its timer');
    assert.equal(db.alerts.active().map(alert => alert.name), ['poolUtilization']);
  });
  await handler.close();
  assert.is(db.alerts.holders, 0);
  assert.not.ok(db.alerts.evaluating, 'no dashboard open and monitoring.alerts unset: the evaluator is stopped');
});

mount('while a page is open, /state is its latest update (a sample of its own would take queries from its next one)', async ({ db }) => {
  const handler = await db.dashboard({ intervalMs: 100 });
  const server = createServer((req, res) => handler(req, res));
  const base = await listen(server);
  const stream = readStream<{ at: string }>(`${base}/events`);
  try {
    await stream.waitFor(() => stream.updates.length >= 2);
    const state = (await (await fetch(`${base}/state`)).json()) as { at: string };
    assert.ok(stream.updates.some(update => update.at === state.at), `/state at ${state.at} is an update the page got`);
  } finally {
    stream.close();
    await handler.close();
    server.closeAllConnections();
    server.close();
  }
});

const configured = suite('alerts configured in monitoring.alerts');

configured('keep being evaluated after every dashboard closed', async () => {
  const database = await sqliteTarget.create();
  const db = new DatabaseManager({ ...database.config, monitoring: { alerts: { poolUtilization: 0.9 } } }, { logger: captureLogger() });
  db.registerModels(MODELS);
  await db.initialize();
  const alerts = db.alerts;
  try {
    await (await db.dashboard()).close();
    assert.ok(alerts.evaluating);
  } finally {
    await db.shutdown();
    await database.drop();
  }
  assert.not.ok(alerts.evaluating, 'shutdown stops it');
});

mount.run();
configured.run();
