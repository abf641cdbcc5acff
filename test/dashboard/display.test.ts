import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import type { DashboardState } from '../../dashboard/state.ts';
import type { HealthResponse } from '../../runtime/health.ts';
import { launchChromium } from '../support/browser.ts';
import { startDashboardApp, type DashboardApp } from '../support/dashboard-app.ts';
import { postgresTarget, type TestDatabase } from '../support/databases.ts';
import { readStream } from '../support/dashboard-stream.ts';
import { openManager } from '../support/suite.ts';
import { serveDashboard } from '../../dashboard/server.ts';

const TOKEN = 'display-test-token';

interface Context {
  browser: Browser;
  database: TestDatabase;
  app: DashboardApp;
}

const test = suite<Context>('the dashboard mounted in a running app, in headless Chromium, on PostgreSQL', {} as Context);

test.before(async context => {
  context.browser = await launchChromium();
  context.database = await postgresTarget.create();
  context.app = await startDashboardApp(context.database.config, { token: TOKEN });
});
test.after(async context => {
  await context.browser?.close();
  await context.app?.stop();
  await context.database?.drop();
});

/** The page at the app's /_db/, once it has drawn `updates` updates; failed requests are collected. */
async function open(browser: Browser, app: DashboardApp | string, updates = 1): Promise<{ page: Page; failed: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const failed: string[] = [];
  page.on('response', response => response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`));
  page.on('requestfailed', request => failed.push(`failed ${request.url()}`));
  await page.goto(typeof app === 'string' ? app : `${app.url}/_db/?token=${TOKEN}`);
  await page.waitForFunction(`window.farmDashboard && window.farmDashboard.updates >= ${updates}`, undefined, { timeout: 10_000 });
  return { page, failed };
}

/** The update the page drew last (page-side code is text: this file is typechecked without the DOM library). */
const shown = (page: Page) => page.evaluate('window.farmDashboard.state') as Promise<DashboardState>;

test('an idle pool: the waiting tile and line stay at 0, as /health/db says', async ({ browser, app }) => {
  const { page } = await open(browser, app, 8);
  const health = (await (await fetch(`${app.url}/health/db`)).json()) as HealthResponse;
  const pool = health.checks['database:pool']![0]!.observedValue as { waiting: number; busy: number };
  assert.is(pool.waiting, 0);
  assert.is(await page.textContent('#waiting'), String(pool.waiting));
  const waitingLine = (await page.evaluate('Array.from(window.farmDashboard.charts.pool.data[3])')) as number[];
  assert.ok(waitingLine.length >= 8);
  assert.equal(waitingLine, waitingLine.map(() => 0), `waiting line ${waitingLine}`);
  await page.close();
});

test("the p95 tile and the latency chart show the app's p95 in the same unit, ms", async ({ browser, app }) => {
  const { page } = await open(browser, app);
  let running = true;
  const load = (async () => {
    while (running) assert.is((await fetch(`${app.url}/sleep`)).status, 200);
  })();
  try {
    // Every query of the load takes 20 ms (pg_sleep), so the p95 of an update is 20 ms and some.
    await page.waitForFunction('(s => s.latencyMs && s.latencyMs.p95 >= 20)(window.farmDashboard.state)', undefined, { timeout: 10_000 });
    const [state, tile, line] = await page.evaluate(
      "[window.farmDashboard.state, document.getElementById('p95').textContent, window.farmDashboard.charts.latency.data[2].at(-1)]",
    ) as [DashboardState, string, number];
    assert.ok(state.latencyMs!.p95 >= 20 && state.latencyMs!.p95 < 1000, `p95 ${state.latencyMs!.p95} ms`);
    assert.is(tile, `${state.latencyMs!.p95} ms`);
    assert.is(line, state.latencyMs!.p95);
  } finally {
    running = false;
    await load;
  }
  // Idle again: no timed query but the dashboard's own probe, which is under 1 ms or none at all.
  const idle = "!/^\\d+ ms$/.test(document.getElementById('p95').textContent) || window.farmDashboard.state.latencyMs.p95 < 20";
  await page.waitForFunction(idle, undefined, { timeout: 10_000 });
  assert.match((await page.textContent('#p95'))!, /^(< 1 ms|–|\d+ ms)$/);
  await page.close();
});

test('charts label their axes with the units', async ({ browser, app }) => {
  const { page } = await open(browser, app);
  const labels = await page.evaluate("['rates', 'latency', 'pool'].map(n => window.farmDashboard.charts[n].axes.map(a => a.label))");
  assert.equal(labels, [
    ['time (local)', 'queries/s'],
    ['time (local)', 'ms'],
    ['time (local)', 'connections'],
  ]);
  await page.close();
});

test('no request of the page fails: the icon is served beside the page, under the mount path', async ({ browser, app }) => {
  const { page, failed } = await open(browser, app, 2);
  const icon = await page.evaluate("document.querySelector('link[rel=icon]').href");
  assert.is(icon, `${app.url}/_db/favicon.svg`);
  const response = await page.request.get(icon as string);
  assert.equal([response.status(), response.headers()['content-type']], [200, 'image/svg+xml']);
  assert.equal(failed, []);
  await page.close();
});

test('mounted in the app, the page shows no note on whose figures they are: its own', async ({ browser, app }) => {
  const { page } = await open(browser, app);
  assert.is((await shown(page)).source.mode, 'process');
  assert.ok(await page.isHidden('#source'));
  await page.close();
});

test('farm db dashboard alone says plainly that it shows server-side figures and this process only', async ({ browser, database }) => {
  const { db } = await openManager(database);
  const served = await serveDashboard(db, { port: 0, intervalMs: 250, standalone: true });
  try {
    const { page } = await open(browser, served.url);
    assert.match((await page.textContent('#source'))!, 'this page shows server-side figures (health, server connections, migrations) and this process only');
    assert.match((await page.textContent('#source'))!, 'farm db dashboard --app');
    await page.close();
  } finally {
    await served.close();
    await db.shutdown();
  }
});

test("farm db dashboard --app: the page says whose figures it shows, and its tiles are the app's", async ({ browser, app, database }) => {
  const { db } = await openManager(database);
  const served = await serveDashboard(db, { port: 0, app: { url: `${app.url}/_db`, token: TOKEN } });
  const direct = readStream<DashboardState>(`${app.url}/_db/events`, TOKEN);
  try {
    const { page } = await open(browser, served.url);
    assert.match((await page.textContent('#source'))!, `Attached to ${app.url}/_db: queries/s, latency, pool, slow queries, errors and alerts are the app's`);
    for (let i = 0; i < 60; i++) assert.is((await fetch(`${app.url}/authors`, { method: 'POST' })).status, 201);
    await page.waitForFunction('window.farmDashboard.state.totals.queries >= 180', undefined, { timeout: 10_000 });
    const [state, qps, pool, waiting] = (await page.evaluate(
      "[window.farmDashboard.state, ...['qps', 'pool', 'waiting'].map(id => document.getElementById(id).textContent)]",
    )) as [DashboardState, string, string, string];
    const appUpdate = await direct.waitFor(update => update.at === state.at);
    assert.equal([state.totals, state.rates, state.pool], [appUpdate.totals, appUpdate.rates, appUpdate.pool]);
    assert.is(qps, Object.values(appUpdate.rates).reduce((a, b) => a + b, 0).toFixed(1));
    assert.is(pool, `${appUpdate.pool!.busy} / ${appUpdate.pool!.max}`);
    assert.is(waiting, String(appUpdate.pool!.waiting));
    await page.close();
  } finally {
    direct.close();
    await served.close();
    await db.shutdown();
  }
});

test('with a single point the time axis spans a minute, not years', async ({ browser, database }) => {
  // One update only: the page's first, as the app's dashboard sends none for a long while after it.
  const app = await startDashboardApp(database.config, { token: TOKEN, intervalMs: 600_000 });
  try {
    const { page } = await open(browser, app);
    const axis = '(c => [c.data[0].length, c.scales.x.min, c.scales.x.max])(window.farmDashboard.charts.rates)';
    const [points, min, max] = (await page.evaluate(axis)) as number[];
    const state = await shown(page);
    assert.is(points, 1);
    assert.is(max, Date.parse(state.at) / 1000);
    assert.is(max! - min!, 60);
    await page.close();
  } finally {
    await app.stop();
  }
});

test.run();
