import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mariadbTarget } from '../support/databases.ts';
import { bootApp, copyFixture, farm } from '../support/generated-project.ts';

const mariadb = suite('farm db add --type mariadb on a real MariaDB');

mariadb('the app boots on MikroORM\'s MariaDB driver and answers /health/db with pass', async () => {
  const dir = copyFixture('express-esm');
  const database = await mariadbTarget.create();
  try {
    const added = farm(['db', 'add', '--type', 'mariadb', '--yes', '--skip-install'], dir);
    assert.is(added.code, 0, added.stderr);
    assert.match(readFileSync(join(dir, '.env'), 'utf8'), /^DATABASE_URL=mariadb:\/\//m);
    // This test's database, in the scheme the generated .env uses (mariadb: selects the MariaDB driver).
    const url = String(database.config.url).replace(/^mysql:/, 'mariadb:');
    const app = await bootApp(dir, ['src/index.ts'], { DATABASE_URL: url });
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}/health/db`);
      const health = (await response.json()) as { status: string; checks: Record<string, { observedValue?: unknown }[]> };
      assert.is(response.status, 200, app.output());
      assert.is(health.status, 'pass');
      assert.match(JSON.stringify(health.checks['database:version']), /MariaDB/i);
    } finally {
      await app.stop();
    }
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

mariadb.run();
