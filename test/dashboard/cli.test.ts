import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, REPO } from '../support/generated-project.ts';
import { startDashboardApp } from '../support/dashboard-app.ts';
import { sqliteTarget } from '../support/databases.ts';

const cli = suite('farm db dashboard');

const APP_TOKEN = 'cli-app-token-value';

/** Starts the command, waits for the line with its address, returns it, all it printed and a stop function. */
function start(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ url: string; output(): string; stop(): Promise<number | null> }> {
  const command = [join(REPO, 'bin/farm.ts'), 'db', 'dashboard', '--port', '0', ...args];
  const child = spawn(process.execPath, command, { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let output = '';
  const exited = new Promise<number | null>(resolve => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = / on (http:\/\/\S+\/)/.exec(output)?.[1];
      if (url) resolve({ url, output: () => output, stop: () => (child.kill('SIGINT'), exited) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(code => reject(new Error(`exited ${code} before serving:\n${output}`)));
  });
}

cli('serves the project\'s dashboard on loopback and stops cleanly on Ctrl-C', async () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const served = await start(dir);
  assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(served.output(), 'shows server-side figures and this process only (--app <url> attaches to your app)');
  const state = (await (await fetch(`${served.url}state`)).json()) as { provider: string; source: { mode: string } };
  assert.is(state.provider, 'SQLite');
  assert.is(state.source.mode, 'standalone');
  assert.match(await (await fetch(`${served.url}metrics`)).text(), 'farm_db_health_status 1');
  assert.is(await served.stop(), 0);
});

cli('refuses a public address without a token', () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const result = farm(['db', 'dashboard', '--host', '0.0.0.0', '--port', '0'], dir);
  assert.is(result.code, 1);
  assert.match(result.stderr, /reachable from other machines at 0\.0\.0\.0 with no token[\s\S]*dashboardToken/);
});

cli("--app attaches to the running app with FARM_DASHBOARD_APP_TOKEN, and never prints the token", async () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const database = await sqliteTarget.create();
  const app = await startDashboardApp(database.config, { token: APP_TOKEN });
  try {
    const served = await start(dir, ['--app', `${app.url}/_db`], { FARM_DASHBOARD_APP_TOKEN: APP_TOKEN });
    assert.match(served.output(), `shows the figures of the app at ${app.url}/_db`);
    await fetch(`${app.url}/authors`, { method: 'POST' });
    const state = (await (await fetch(`${served.url}state`)).json()) as { source: { mode: string; app: string } };
    assert.equal([state.source.mode, state.source.app], ['attached', `${app.url}/_db`]);
    assert.is(await served.stop(), 0);
    assert.not.match(served.output(), APP_TOKEN);
  } finally {
    await app.stop();
    await database.drop();
  }
});

cli('--app that cannot be read: exit 1, what, where and how to fix, no token shown', async () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const database = await sqliteTarget.create();
  const app = await startDashboardApp(database.config, { token: APP_TOKEN });
  try {
    const refused = farm(['db', 'dashboard', '--port', '0', '--app', `${app.url}/_db`], dir, { FARM_DASHBOARD_APP_TOKEN: 'not-the-token' });
    assert.is(refused.code, 1);
    assert.match(refused.stderr, `the app's dashboard at ${app.url}/_db refused the token given (HTTP 401)`);
    assert.match(refused.stderr, 'FARM_DASHBOARD_APP_TOKEN');
    assert.not.match(refused.stderr + refused.stdout, 'not-the-token');
    const wrongPath = farm(['db', 'dashboard', '--port', '0', '--app', `${app.url}/`], dir, { FARM_DASHBOARD_APP_TOKEN: APP_TOKEN });
    assert.is(wrongPath.code, 1);
    assert.match(wrongPath.stderr, `${app.url}/ is not a farm-db dashboard`);
  } finally {
    await app.stop();
    await database.drop();
  }
  const unreachable = farm(['db', 'dashboard', '--port', '0', '--app', app.url + '/_db'], dir);
  assert.is(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot reach the app's dashboard at http:\/\/127\.0\.0\.1:\d+\/_db: .*ECONNREFUSED[\s\S]*Fix: start the app/);
});

cli.run();
