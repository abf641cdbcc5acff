import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { withFixture } from '../support/packed-app.ts';

const test = suite('an app with farm-db installed from the packed tarball');

test('express-esm: db add, typecheck with its own tsc, start, /health/db passes, SIGTERM exits 0, a re-run writes nothing', () =>
  withFixture('express-esm', async app => {
    const add = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
    assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
    const tsc = app.run('tsc', ['--noEmit']);
    assert.is(tsc.code, 0, tsc.stdout);
    const running = await app.start();
    try {
      const health = await running.get('/health/db');
      assert.is(health.status, 200, running.output());
      assert.is((JSON.parse(health.body) as { status: string }).status, 'pass');
    } finally {
      const end = await running.stop();
      assert.is(end.code, 0, running.output());
    }
    const before = app.snapshot();
    const again = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
    assert.is(again.code, 0, again.stderr);
    assert.equal(app.snapshot(), before);
  }));

test.run();
