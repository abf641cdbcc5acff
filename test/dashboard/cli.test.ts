import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, REPO } from '../support/generated-project.ts';

const cli = suite('farm db dashboard');

/** Starts the command, waits for the line with its address, returns it and a stop function. */
function start(dir: string, ...args: string[]): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [join(REPO, 'bin/farm.ts'), 'db', 'dashboard', '--port', '0', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  const exited = new Promise<number | null>(resolve => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = / on (http:\/\/\S+\/)/.exec(output)?.[1];
      if (url) resolve({ url, stop: () => (child.kill('SIGINT'), exited) });
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
  const state = (await (await fetch(`${served.url}state`)).json()) as { provider: string };
  assert.is(state.provider, 'SQLite');
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

cli.run();
