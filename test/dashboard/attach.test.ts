import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serveDashboard } from '../../dashboard/server.ts';
import type { DashboardState } from '../../dashboard/state.ts';
import { startDashboardApp, type DashboardApp } from '../support/dashboard-app.ts';
import { readStream } from '../support/dashboard-stream.ts';
import { postgresTarget, sqliteTarget, type TestTarget } from '../support/databases.ts';
import { openManager } from '../support/suite.ts';

const TOKEN = 'attach-test-token';
const REQUESTS = 300;
/** What the app's stream says about the app, and the attached dashboard must show as it is. */
const APP_FIGURES = ['at', 'provider', 'rates', 'errorsPerSecond', 'latencyMs', 'pool', 'totals', 'slowQueries', 'errors', 'alerts'] as const;

const pick = (state: DashboardState) => Object.fromEntries(APP_FIGURES.map(key => [key, state[key]]));

/** REQUESTS POSTs to the app, four at a time, as its users would. */
async function loadApp(app: DashboardApp): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < REQUESTS) {
      sent++;
      const response = await fetch(`${app.url}/authors`, { method: 'POST' });
      assert.is(response.status, 201);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

for (const target of [sqliteTarget, postgresTarget] satisfies TestTarget[]) {
  const test = suite(`farm db dashboard --app, attached to a running app [${target.name}]`);

  test(`under a load of ${REQUESTS} requests it shows the app's figures, update for update`, async () => {
    const database = await target.create();
    const app = await startDashboardApp(database.config, { token: TOKEN });
    const { db } = await openManager(database);
    const served = await serveDashboard(db, { port: 0, app: { url: `${app.url}/_db`, token: TOKEN } });
    const direct = readStream<DashboardState>(`${app.url}/_db/events`, TOKEN);
    const attached = readStream<DashboardState>(`${served.url}events`);
    try {
      await Promise.all([direct.waitFor(() => true), attached.waitFor(() => true)]);
      await loadApp(app);
      // Each request is a transaction: begin, insert, commit; the app's stream counts them all.
      await direct.waitFor(update => update.totals.queries >= REQUESTS * 3);
      const last = await attached.waitFor(update => update.totals.queries >= REQUESTS * 3);
      assert.ok(attached.updates.some(u => u.rates.insert > 10), 'inserts per second while the load ran');

      const matched = attached.updates.filter(update => direct.updates.some(d => d.at === update.at));
      assert.ok(matched.length >= 3, `${matched.length} updates seen on both streams`);
      for (const update of matched) assert.equal(pick(update), pick(direct.updates.find(d => d.at === update.at)!));
      assert.equal(last.source, { mode: 'attached', app: `${app.url}/_db`, connected: true });
      // The server-side figures are read by the standalone itself.
      if (target === postgresTarget) assert.ok(last.connections!.current >= 2, 'the app and the standalone are connected');
      assert.is(last.health.status, 'pass');
      assert.ok(db.monitor.snapshot().total.count < REQUESTS, "the standalone's own queries are few: the figures shown are not its own");
    } finally {
      direct.close();
      attached.close();
      await served.close();
      await app.stop();
      await db.shutdown();
      await database.drop();
    }
  });

  test('when the app stops the page says so and why; when it is back on its address the page follows the new process', async () => {
    const database = await target.create();
    let app = await startDashboardApp(database.config, { token: TOKEN });
    const port = Number(new URL(app.url).port);
    const { db } = await openManager(database);
    const served = await serveDashboard(db, { port: 0, app: { url: `${app.url}/_db`, token: TOKEN } });
    const attached = readStream<DashboardState>(`${served.url}events`);
    try {
      await loadApp(app);
      const before = await attached.waitFor(update => update.totals.queries >= REQUESTS * 3);
      await app.stop();
      const lost = await attached.waitFor(update => update.source.mode === 'attached' && !update.source.connected);
      const { error, ...origin } = lost.source as { error?: string };
      assert.equal(origin, { mode: 'attached', app: `${app.url}/_db`, connected: false });
      assert.ok(error && !error.includes(TOKEN), `the page says why it lost the app (${error}), never the token`);

      app = await startDashboardApp(database.config, { token: TOKEN, port });
      // The new process has counted its queries from zero: the figures are its own, not the ones seen before.
      const back = await attached.waitFor(update => update.source.mode === 'attached' && update.source.connected && update.at > lost.at);
      assert.ok(back.totals.queries < before.totals.queries, `${back.totals.queries} queries counted by the new process`);
      assert.equal(back.source, { mode: 'attached', app: `${app.url}/_db`, connected: true });
    } finally {
      attached.close();
      await served.close();
      await app.stop();
      await db.shutdown();
      await database.drop();
    }
  });

  test.run();
}
