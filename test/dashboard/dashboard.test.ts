import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { DatabaseConfig } from '../../config/types.ts';
import { serveDashboard } from '../../dashboard/server.ts';
import { DatabaseManager } from '../../runtime/manager.ts';
import type { AlertEvent } from '../../runtime/alerts.ts';
import { launchChromium } from '../support/browser.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { postgresTarget, type TestDatabase } from '../support/databases.ts';
import { REPO } from '../support/generated-project.ts';
import { peakCheckouts } from '../support/pool-checkouts.ts';
import { Author, MODELS } from '../support/models.ts';

interface Context {
  browser: Browser;
  database: TestDatabase;
  db: DatabaseManager;
  served: Awaited<ReturnType<typeof serveDashboard>>;
}

const test = suite<Context>('live dashboard in headless Chromium, on PostgreSQL', {} as Context);

async function open(context: Context, overrides: Partial<DatabaseConfig> = {}, serve: Parameters<typeof serveDashboard>[1] = {}) {
  context.database = await postgresTarget.create();
  context.db = new DatabaseManager({ ...context.database.config, slowQueryMs: 150, ...overrides }, { logger: captureLogger() });
  context.db.registerModels(MODELS);
  await context.db.initialize();
  context.served = await serveDashboard(context.db, { port: 0, intervalMs: 250, ...serve });
}

async function page(context: Context, path = ''): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await context.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', message => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', error => consoleErrors.push(error.message));
  await page.goto(`${context.served.url}${path}`);
  // (Page-side code is given as text: this file is typechecked without the DOM library.)
  await page.waitForFunction('window.farmDashboard && window.farmDashboard.updates > 0');
  return { page, consoleErrors };
}

/** Small transactions, back to back, until `until` resolves. */
async function load(db: DatabaseManager, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let n = 0;
  while (!done) {
    await db.transaction(async em => {
      em.create(Author, { name: `Ada ${n}`, email: `ada${n}@example.com` });
    });
    await db.em.count(Author, {});
    n++;
  }
  return n;
}

test.before(async context => {
  context.browser = await launchChromium();
});
test.after(async context => {
  await context.browser.close();
});
test.after.each(async context => {
  await context.served?.close();
  await context.db?.shutdown();
  await context.database?.drop();
});

test('the page loads with no console errors and shows provider and health', async context => {
  await open(context);
  const { page: p, consoleErrors } = await page(context);
  assert.is(await p.textContent('#provider'), 'PostgreSQL');
  assert.is(await p.getAttribute('#health', 'data-status'), 'pass');
  await p.waitForTimeout(600);
  assert.equal(consoleErrors, []);
});

test('charts move while a load runs against the real PostgreSQL; the screenshot is saved for the README', async context => {
  await open(context, { slowQueryMs: 150 });
  const { page: p, consoleErrors } = await page(context);
  const before = Number(await p.getAttribute('#chart-rates', 'data-points'));
  // Selects and inserts per second, the newest point of the rates chart.
  const moving = p.waitForFunction("(l => l[0] > 0 && l[1] > 0)(JSON.parse(document.getElementById('chart-rates').dataset.last || '[]'))", undefined, { timeout: 10_000 });
  const queries = await load(context.db, moving.then(() => new Promise(resolve => setTimeout(resolve, 1500))));
  assert.ok(queries > 10, `${queries} transactions ran`);
  assert.ok(Number(await p.getAttribute('#chart-rates', 'data-points')) > before + 2, 'new points arrived');
  assert.ok(Number(await p.textContent('#qps')) >= 0);
  await context.db.em.getConnection().execute('select pg_sleep(0.3)');
  await p.waitForFunction("document.querySelector('#slow tbody').textContent.includes('pg_sleep')", undefined, { timeout: 5000 });
  writeFileSync(join(REPO, 'docs/dashboard.png'), await p.screenshot({ fullPage: true }));
  assert.equal(consoleErrors, []);
});

test('a slow query appears in the list, its literals hidden', async context => {
  await open(context);
  const { page: p } = await page(context);
  await context.db.em.getConnection().execute("select pg_sleep(0.2), 'secret-literal' as s");
  await p.waitForFunction("document.querySelector('#slow tbody').textContent.includes('pg_sleep')", undefined, { timeout: 5000 });
  const text = await p.textContent('#slow tbody');
  assert.not.match(text!, 'secret-literal');
});

test('saturating the pool raises the alert banner, and it clears afterwards', async context => {
  await open(context, { pool: { max: 2 }, monitoring: { alerts: { poolUtilization: 0.9, waitingRequests: 1, healthFail: false, intervalMs: 150 } } });
  const events: AlertEvent[] = [];
  context.db.monitor.on('alert', (event: AlertEvent) => events.push(event));
  const { page: p } = await page(context);
  assert.ok(await p.isHidden('#alerts'));
  const hold = () => context.db.transaction(async em => { await em.getConnection().execute('select pg_sleep(1.5)', [], 'all', em.getTransactionContext()); });
  // Two holds fill the pool and end together: a third, run alone after them, would share the
  // pool with the dashboard's own probe and could fill it again, a real (if brief) second alert.
  const holding = Promise.all([hold(), hold()]);
  await p.waitForSelector('#alerts [data-alert="poolUtilization"]', { timeout: 5000 });
  assert.match(await p.textContent('#alerts') ?? '', 'pool 100 % busy');
  await holding;
  await p.waitForSelector('#alerts', { state: 'hidden', timeout: 5000 });
  assert.equal(events.filter(e => e.name === 'poolUtilization').map(e => e.state), ['raised', 'cleared']);
});

test("the dashboard's own reads (health, migrations) hold one of the app's connections at a time", async context => {
  await open(context);
  const peak = await peakCheckouts(context.db, async () => {
    for (let i = 0; i < 6; i++) {
      assert.is((await fetch(`${context.served.url}state`)).status, 200);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  });
  assert.is(peak, 1);
});

test('/metrics is valid Prometheus text with the query, pool, health, slow and migration metrics', async context => {
  await open(context);
  await load(context.db, new Promise(resolve => setTimeout(resolve, 300)));
  await context.db.em.getConnection().execute('select pg_sleep(0.2)');
  const response = await fetch(`${context.served.url}metrics`);
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', 'text/plain');
  const families = parsePrometheusTextFormat(await response.text());
  const family = (name: string) => families.find(f => f.name === name)!;
  const selects = family('farm_db_queries_total').metrics.find(m => m.labels?.kind === 'select' && m.labels?.outcome === 'ok')!;
  assert.ok(Number(selects.value) > 0, 'selects counted');
  assert.is(family('farm_db_query_duration_seconds').type, 'HISTOGRAM');
  assert.equal(family('farm_db_pool_connections').metrics.map(m => m.labels!.state).sort(), ['busy', 'idle', 'max', 'waiting']);
  assert.is(family('farm_db_health_status').metrics[0]!.value, '1');
  assert.ok(Number(family('farm_db_slow_queries_total').metrics[0]!.value) >= 1);
  assert.ok(family('farm_db_migrations'), 'migration metric present');
});

test('on a non-loopback address it refuses to start without a token, and refuses requests without it', async context => {
  context.database = await postgresTarget.create();
  context.db = new DatabaseManager({ ...context.database.config }, { logger: captureLogger() });
  context.db.registerModels(MODELS);
  await context.db.initialize();
  const refused = await serveDashboard(context.db, { host: '0.0.0.0', port: 0 }).then(() => undefined, (e: Error) => e);
  assert.match(refused?.message ?? '', 'with no token');
  context.served = await serveDashboard(context.db, { host: '0.0.0.0', port: 0, token: 's3cret', intervalMs: 250 });
  const base = context.served.url.replace('0.0.0.0', '127.0.0.1');
  assert.is((await fetch(`${base}state`)).status, 401);
  assert.is((await fetch(`${base}state`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.is((await fetch(`${base}metrics`, { headers: { authorization: 'Bearer s3cret' } })).status, 200);
  const p = await context.browser.newPage();
  await p.goto(`${base}?token=s3cret`);
  await p.waitForFunction('window.farmDashboard && window.farmDashboard.updates > 0', undefined, { timeout: 5000 });
});

test.run();
