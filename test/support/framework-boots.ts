/**
 * One boot per framework fixture, as a user runs it: farm-db from the packed tarball, `db add`,
 * the app's own tsc, build and start scripts, /health/db, a slow request in flight when SIGTERM
 * arrives, and a re-run that writes nothing. PostgreSQL and MariaDB boots for NestJS, Hono and Express.
 * The suites are in test/generators/framework-boot/, a few fixtures a file, so that the test runner's
 * workers share them out.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mariadbTarget, postgresTarget } from './databases.ts';
import { checkDrain, PROBE_ENV } from './drain-check.ts';
import { withFixture, type PackedApp } from './packed-app.ts';

const farmHealthy = (body: { status?: string }) => assert.is(body.status, 'pass', JSON.stringify(body));

/** Terminus's format: status ok, the indicator up under its key, farm-db's own status beside it. */
function terminusHealthy(body: { status?: string; details?: Record<string, { status?: string; health?: string }> }): void {
  assert.is(body.status, 'ok', JSON.stringify(body));
  assert.equal([body.details?.database?.status, body.details?.database?.health], ['up', 'pass'], JSON.stringify(body));
}

interface Boot {
  fixture: string;
  /** A path behind the app's auth: it must still refuse (the route opened nothing else). */
  guarded?: string;
  nest?: boolean;
  /** `db add` leaves manual steps (exit 3): the vite dev server's own start. */
  manualSteps?: boolean;
  /** Where the health check answers (default /health/db) and what its body must say (default farm-db's status pass). */
  health?: string;
  healthy?: (body: any) => void;
  /** The app's slow route (default /slow). */
  slow?: string;
  /** What `db add` must print (its next steps). */
  printed?: string;
  /** A route of the app's own that must still answer 200. */
  stillAnswers?: string;
}

const BOOTS: Boot[] = [
  { fixture: 'express-swagger' },
  { fixture: 'koa-jwt', guarded: '/tasks' },
  { fixture: 'nest-starter', nest: true },
  {
    // Terminus 11 and app.setGlobalPrefix('api', { exclude: ['health'] }): the app's own /health stays at the root.
    fixture: 'nest-terminus',
    nest: true,
    health: '/api/health/db',
    healthy: terminusHealthy,
    slow: '/api/orders/export/slow',
    printed: 'curl http://localhost:3000/api/health/db',
    stillAnswers: '/health',
  },
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

async function bootAndDrain(app: PackedApp, boot: Boot, env: Record<string, string>): Promise<void> {
  const scripts = (JSON.parse(app.run('cat', ['package.json']).stdout) as { scripts: Record<string, string> }).scripts;
  if (scripts.build) mustRun(app, 'build', 'npm', ['run', 'build']);
  const running = await app.start(scripts['start:prod'] ? 'start:prod' : 'start', { env: { ...env, ...PROBE_ENV }, timeoutMs: 60_000 });
  let stopped = false;
  try {
    const health = await running.get(boot.health ?? '/health/db');
    assert.is(health.status, 200, `${boot.health ?? '/health/db'}: ${health.body}\n${running.output()}`);
    (boot.healthy ?? farmHealthy)(JSON.parse(health.body));
    if (boot.guarded) assert.ok((await running.get(boot.guarded)).status >= 400, `${boot.guarded} answered without auth`);
    if (boot.stillAnswers) assert.is((await running.get(boot.stillAnswers)).status, 200, `${boot.stillAnswers} of the app's own`);
    stopped = true;
    await checkDrain(running, { slow: boot.slow, nest: boot.nest });
  } finally {
    if (!stopped) await running.stop('SIGKILL');
  }
}

/** The SQLite boot of each of these fixtures, in one suite. */
export function sqliteBoots(fixtures: string[]): void {
  const sqlite = suite(`framework fixtures on SQLite, installed from the packed tarball: ${fixtures.join(', ')}`);
  for (const boot of BOOTS.filter(b => fixtures.includes(b.fixture) && only(b.fixture) && onlyServer('sqlite'))) {
    sqlite(`${boot.fixture}: db add, its own tsc, build and start; /health/db passes; SIGTERM drains /slow, then the database closes; a re-run writes nothing`, () =>
      withFixture(boot.fixture, async app => {
        const add = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
        assert.is(add.code, boot.manualSteps ? 3 : 0, `${add.stdout}\n${add.stderr}`);
        if (boot.printed) assert.match(add.stdout, boot.printed);
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
}

/** NestJS, Hono and Express booted on a server: `db add --type <type>`, the server's URL in DATABASE_URL. */
export function serverBoots(type: 'postgresql' | 'mysql'): void {
  const [label, target] = type === 'postgresql' ? ['PostgreSQL', postgresTarget] : ['MariaDB', mariadbTarget];
  if (!onlyServer(type)) return;
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
