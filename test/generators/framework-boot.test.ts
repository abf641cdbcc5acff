/**
 * One boot per framework fixture, as a user runs it: farm-db from the packed tarball, `db add`,
 * the app's own tsc, build and start scripts, /health/db, a slow request in flight when SIGTERM
 * arrives, and a re-run that writes nothing. PostgreSQL and MariaDB boots for NestJS, Hono and Express.
 */
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mariadbTarget, postgresTarget, type TestTarget } from '../support/databases.ts';
import { withFixture, type PackedApp } from '../support/packed-app.ts';

const PROBE = join(import.meta.dirname, '../support/shutdown-probe.ts');

interface Boot {
  fixture: string;
  /** A path behind the app's auth: it must still refuse (the route opened nothing else). */
  guarded?: string;
  nest?: boolean;
  /** `db add` leaves manual steps (exit 3): the vite dev server's own start. */
  manualSteps?: boolean;
}

const BOOTS: Boot[] = [
  { fixture: 'express-swagger' },
  { fixture: 'koa-jwt', guarded: '/tasks' },
  { fixture: 'nest-starter', nest: true },
  { fixture: 'hono-node', guarded: '/links' },
  { fixture: 'trpc-standalone' },
  { fixture: 'trpc-express' },
  { fixture: 'fastify-function' },
  { fixture: 'express-class' },
  { fixture: 'express-own-db' },
  { fixture: 'vite-node', manualSteps: true },
];

// FARM_FIXTURE=<name> / FARM_SERVER=<type> narrow the run to one fixture / one database server while developing.
const only = (name: string) => !process.env.FARM_FIXTURE || process.env.FARM_FIXTURE === name;
const onlyServer = (type: string) => !process.env.FARM_SERVER || process.env.FARM_SERVER === type;

function mustRun(app: PackedApp, label: string, command: string, args: string[]): void {
  const result = app.run(command, args, { timeoutMs: 240_000 });
  assert.is(result.code, 0, `${label} failed:\n${result.stdout}\n${result.stderr}`);
}

const probeTime = (output: string, event: string) => Number(new RegExp(`\\[probe\\] ${event} at=(\\d+)`).exec(output)?.[1] ?? NaN);

async function bootAndDrain(app: PackedApp, boot: Boot, env: Record<string, string>): Promise<void> {
  const scripts = (JSON.parse(app.run('cat', ['package.json']).stdout) as { scripts: Record<string, string> }).scripts;
  if (scripts.build) mustRun(app, 'build', 'npm', ['run', 'build']);
  const running = await app.start(scripts['start:prod'] ? 'start:prod' : 'start', { env: { ...env, NODE_OPTIONS: `--import=${PROBE}` }, timeoutMs: 60_000 });
  let stopped = false;
  try {
    const health = await running.get('/health/db');
    assert.is(health.status, 200, `/health/db: ${health.body}\n${running.output()}`);
    assert.is((JSON.parse(health.body) as { status: string }).status, 'pass');
    if (boot.guarded) assert.ok((await running.get(boot.guarded)).status >= 400, `${boot.guarded} answered without auth`);
    const slowStarted = Date.now();
    const slow = running.get('/slow');
    await new Promise(resolve => setTimeout(resolve, 300));
    const end = running.stop('SIGTERM', 20_000);
    const answer = await slow;
    const exit = await end;
    stopped = true;
    const output = running.output();
    assert.is(answer.status, 200, `the request in flight was cut: ${answer.body}\n${output}`);
    const closedAt = probeTime(output, 'db closed');
    assert.ok(closedAt >= slowStarted + 1400, `the database closed before the request in flight finished:\n${output}`);
    const exitedAt = probeTime(output, 'exit \\S+');
    // Nest ends by re-raising the signal once its shutdown hooks ran: no 'exit' event then.
    const diedBySignal = !!boot.nest && exit.signal === 'SIGTERM';
    assert.ok(diedBySignal ? Number.isNaN(exitedAt) : closedAt <= exitedAt, `the process exited before the database closed:\n${output}`);
    // Nest re-raises the signal once its shutdown hooks ran; everyone else exits 0.
    if (boot.nest) assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `exit ${exit.code} ${exit.signal}\n${output}`);
    else assert.is(exit.code, 0, output);
  } finally {
    if (!stopped) await running.stop('SIGKILL');
  }
}

const sqlite = suite('framework fixtures on SQLite, installed from the packed tarball');
for (const boot of BOOTS.filter(b => only(b.fixture) && onlyServer('sqlite'))) {
  sqlite(`${boot.fixture}: db add, its own tsc, build and start; /health/db passes; SIGTERM drains /slow, then the database closes; a re-run writes nothing`, () =>
    withFixture(boot.fixture, async app => {
      const add = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
      assert.is(add.code, boot.manualSteps ? 3 : 0, `${add.stdout}\n${add.stderr}`);
      mustRun(app, 'tsc', 'npx', ['--no-install', 'tsc', '--noEmit', '-p', '.']);
      await bootAndDrain(app, boot, {});
      const before = app.snapshot();
      const again = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
      // Nothing left to write: the re-run says so and exits 0 (the first run listed the manual steps).
      assert.is(again.code, 0, `${again.stdout}\n${again.stderr}`);
      assert.equal(app.snapshot(), before);
    }));
}
sqlite.run();

const servers: [string, string, TestTarget][] = [['postgresql', 'PostgreSQL', postgresTarget], ['mysql', 'MariaDB', mariadbTarget]];
for (const [type, label, target] of servers.filter(([type]) => onlyServer(type))) {
  const test = suite(`framework fixtures on ${label}`);
  for (const fixture of ['nest-starter', 'hono-node', 'express-swagger'].filter(only)) {
    const boot = BOOTS.find(b => b.fixture === fixture)!;
    test(`${fixture}: boots on ${label}, /health/db passes, SIGTERM drains /slow then closes the database`, () =>
      withFixture(fixture, async app => {
        const add = app.farm(['db', 'add', '--type', type, '--yes']);
        assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
        mustRun(app, 'tsc', 'npx', ['--no-install', 'tsc', '--noEmit', '-p', '.']);
        const database = await target.create();
        try {
          // A MariaDB server through the mysql driver `db add --type mysql` installed.
          await bootAndDrain(app, boot, { DATABASE_URL: String(database.config.url).replace(/^mariadb:/, 'mysql:') });
        } finally {
          await database.drop();
        }
      }));
  }
  test.run();
}
