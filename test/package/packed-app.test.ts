import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootAndCheckHealth } from '../support/boot-fixture.ts';
import { withFixture } from '../support/packed-app.ts';

const test = suite('an app with farm-db installed from the packed tarball');

test('express-esm: db add, typecheck with its own tsc, start, /health/db passes, SIGTERM exits 0, a re-run writes nothing', () =>
  withFixture('express-esm', async app => {
    const add = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
    assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
    const tsc = app.run('tsc', ['--noEmit']);
    assert.is(tsc.code, 0, tsc.stdout);
    const end = await bootAndCheckHealth(app);
    assert.is(end.code, 0, end.output);
    const before = app.snapshot();
    const again = app.farm(['db', 'add', '--type', 'sqlite', '--yes']);
    assert.is(again.code, 0, again.stderr);
    assert.equal(app.snapshot(), before);
  }));

test.run();
