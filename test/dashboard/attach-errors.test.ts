import { createServer, type RequestListener, type Server } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serveDashboard } from '../../dashboard/server.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { startDashboardApp, type DashboardApp } from '../support/dashboard-app.ts';
import { sqliteTarget, type TestDatabase } from '../support/databases.ts';
import { openManager } from '../support/suite.ts';

const TOKEN = 'the-apps-secret-token';

interface Context {
  database: TestDatabase;
  db: DatabaseManager;
  app: DashboardApp;
}

const test = suite<Context>('farm db dashboard --app: what it says when it cannot attach', {} as Context);

test.before(async context => {
  context.database = await sqliteTarget.create();
  context.app = await startDashboardApp(context.database.config, { token: TOKEN });
  context.db = (await openManager(context.database)).db;
});
test.after(async context => {
  await context.app?.stop();
  await context.db?.shutdown();
  await context.database?.drop();
});

/** The error serveDashboard fails with when attaching to `url` (it must fail). */
async function attachError(db: DatabaseManager, url: string, token?: string): Promise<string> {
  const outcome = await serveDashboard(db, { port: 0, app: { url, token } }).then(
    async served => (await served.close(), undefined),
    (error: Error) => error.message,
  );
  assert.type(outcome, 'string', `attaching to ${url} succeeded`);
  return outcome!;
}

async function listen(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

test('an address nothing listens on: cannot reach, where, and to start the app', async ({ db }) => {
  const { url, server } = await listen(() => undefined);
  await new Promise(resolve => server.close(resolve));
  const message = await attachError(db, `${url}/_db`, TOKEN);
  assert.match(message, `cannot reach the app's dashboard at ${url}/_db: `);
  assert.match(message, 'ECONNREFUSED');
  assert.match(message, /Fix: start the app, or check the host and port/);
});

test('no token for a guarded app: 401, and where the token goes', async ({ db, app }) => {
  const message = await attachError(db, `${app.url}/_db`);
  assert.match(message, `the app's dashboard at ${app.url}/_db requires a token and none was given (HTTP 401)`);
  assert.match(message, /Fix: set FARM_DASHBOARD_APP_TOKEN to the app's database\.monitoring\.dashboardToken/);
});

test('a wrong token: 401, and the token given is not repeated', async ({ db, app }) => {
  const message = await attachError(db, `${app.url}/_db?token=wrong-secret-value`);
  assert.match(message, 'refused the token given (HTTP 401)');
  assert.not.match(message, 'wrong-secret-value');
});

test('403 from the app or a proxy in front of it', async ({ db }) => {
  const { url, server } = await listen((_req, res) => void res.writeHead(403).end('forbidden'));
  try {
    assert.match(await attachError(db, `${url}/_db`, TOKEN), `the app's dashboard at ${url}/_db refused the token given (HTTP 403)`);
  } finally {
    server.close();
  }
});

test('not a farm-db dashboard: an HTML page, a 404, another event stream', async ({ db, app }) => {
  const { url, server } = await listen((req, res) => {
    if (req.url === '/sse/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      return void res.write('data: {"hello":"world"}\n\n');
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>my app</h1>');
  });
  try {
    assert.match(await attachError(db, `${url}/`, TOKEN), `${url}/ is not a farm-db dashboard: GET /events answered HTTP 200 (text/html)`);
    assert.match(await attachError(db, `${url}/sse`, TOKEN), `${url}/sse is not a farm-db dashboard: its event stream sends something else`);
    const message = await attachError(db, `${app.url}/not-the-dashboard`, TOKEN);
    assert.match(message, `${app.url}/not-the-dashboard is not a farm-db dashboard: GET /not-the-dashboard/events answered HTTP 404`);
    assert.match(message, /Fix: give the address where the app mounts db\.dashboard\(\)/);
  } finally {
    // End whatever this fake app still has open, so that nothing holds this process for the server's request timeout.
    server.close();
    server.closeAllConnections();
  }
});

test('giving up on an event stream that sends something else closes it: the app sees the request end', async ({ db }) => {
  let closed: () => void;
  const requestClosed = new Promise<void>(resolve => (closed = resolve));
  const { url, server } = await listen((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"hello":"world"}\n\n');
    req.on('close', () => closed());
  });
  try {
    assert.match(await attachError(db, url, TOKEN), 'its event stream sends something else');
    let timer: NodeJS.Timeout | undefined;
    const stillOpen = new Promise(resolve => (timer = setTimeout(resolve, 3000, 'still open')));
    const outcome = await Promise.race([requestClosed.then(() => 'closed'), stillOpen]);
    clearTimeout(timer);
    assert.is(outcome, 'closed');
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

test('a token in the --app address is used and never shown', async ({ db, app }) => {
  const served = await serveDashboard(db, { port: 0, app: { url: `${app.url}/_db?token=${TOKEN}` } });
  try {
    assert.is(served.attachedTo, `${app.url}/_db`);
    const state = await (await fetch(`${served.url}state`)).text();
    assert.match(state, '"mode":"attached"');
    assert.not.match(state, TOKEN);
  } finally {
    await served.close();
  }
});

test("the app going away: updates say the app's stream is down, and why", async context => {
  const database = await sqliteTarget.create();
  const app = await startDashboardApp(database.config, { token: TOKEN });
  const served = await serveDashboard(context.db, { port: 0, app: { url: `${app.url}/_db`, token: TOKEN } });
  try {
    await app.stop();
    const down = async () => ((await (await fetch(`${served.url}state`)).json()) as { source: { connected: boolean; error?: string } }).source;
    let source = await down();
    for (let i = 0; i < 50 && source.connected; i++) source = await new Promise(r => setTimeout(r, 100)).then(down);
    assert.is(source.connected, false);
    assert.type(source.error, 'string');
  } finally {
    await served.close();
    await database.drop();
  }
});

test.run();
