import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootAndCheckHealth } from '../support/boot-fixture.ts';
import { withFixture } from '../support/packed-app.ts';
import { postgresTarget } from '../support/databases.ts';

const test = suite('an app with farm-db installed from the packed tarball');

test('express-esm (without @opentelemetry/api): db add, typecheck with its own tsc, start, /health/db passes, SIGTERM exits 0, a re-run writes nothing', () =>
  withFixture('express-esm', async app => {
    const add = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
    assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
    // @opentelemetry/api is an optional peer: npm hoists prom-client's copy, a strict layout (pnpm) does not. Without it the app works the same.
    const otelApi = join(app.dir, 'node_modules/@opentelemetry/api');
    rmSync(otelApi, { recursive: true, force: true });
    assert.not.ok(existsSync(otelApi));
    const tsc = app.run('tsc', ['--noEmit']);
    assert.is(tsc.code, 0, tsc.stdout);
    const end = await bootAndCheckHealth(app);
    assert.is(end.code, 0, end.output);
    const before = app.snapshot();
    const again = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
    assert.is(again.code, 0, again.stderr);
    assert.equal(app.snapshot(), before);
  }));

test('switch --migrate to a database whose driver the app lacks: says which package to install, changes nothing', () =>
  withFixture('express-esm', async app => {
    assert.is(app.farm(['db', 'add', '--type', 'sqlite', '--yes']).code, 0);
    // A project with its data in SQLite, as one about to switch has.
    assert.is(app.farm(['db', 'migrate', '--create', 'init']).code, 0);
    assert.is(app.farm(['db', 'migrate']).code, 0);
    assert.not.ok(existsSync(join(app.dir, 'node_modules/@mikro-orm/postgresql')), 'the app has no PostgreSQL driver');
    const database = await postgresTarget.create();
    try {
      const before = app.snapshot();
      const run = app.farm(['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--migrate', '--yes']);
      assert.is.not(run.code, 0);
      assert.match(run.stderr, 'moving the data into PostgreSQL needs @mikro-orm/postgresql, which this project has not installed yet');
      assert.match(run.stderr, `Fix: npm install @mikro-orm/postgresql@7.2.1 in ${app.dir}, then run the same switch again (nothing was changed)`);
      const after = app.snapshot();
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(file => before.get(file) !== after.get(file));
      assert.equal(changed, []);
    } finally {
      await database.drop();
    }
  }));

test.run();
