import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mariadbTarget, postgresTarget } from '../support/databases.ts';
import { FIXTURES, FIXTURE_START, bootApp, compile, copyFixture, farm } from '../support/generated-project.ts';

const targets = [
  { type: 'sqlite', database: undefined },
  { type: 'postgresql', database: postgresTarget },
  { type: 'mysql', database: mariadbTarget },
] as const;

for (const { type, database } of targets) {
  const test = suite(`the generated app runs on ${type}${type === 'mysql' ? ' (against MariaDB)' : ''}`);
  for (const fixture of FIXTURES) {
    test(`${fixture}: boots, answers /health/db with pass, exits 0 on SIGTERM`, async () => {
      const dir = copyFixture(fixture);
      const add = farm(['db', 'add', '--type', type, '--yes', '--skip-install'], dir);
      assert.is(add.code, 0, add.stderr);
      const start = FIXTURE_START[fixture];
      if (start.build) compile(dir);
      const db = await database?.create();
      try {
        // The environment wins over the generated .env: point the app at this test's database.
        const env = db ? { DATABASE_URL: String(db.config.url) } : {};
        const app = await bootApp(join(dir, start.app), start.args, env);
        let stopped = false;
        try {
          const response = await fetch(`http://127.0.0.1:${app.port}/health/db`);
          const health = (await response.json()) as { status: string; checks: Record<string, unknown> };
          assert.is(response.status, 200, app.output());
          assert.is(health.status, 'pass');
          assert.ok('database:version' in health.checks);
          const code = await app.stop();
          stopped = true;
          assert.is(code, 0, `exit code on SIGTERM\n${app.output()}`);
        } finally {
          if (!stopped) await app.stop();
        }
      } finally {
        await db?.drop();
      }
    });
  }
  test.run();
}
