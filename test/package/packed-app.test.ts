import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootAndCheckHealth } from '../support/boot-fixture.ts';
import { withFixture } from '../support/packed-app.ts';

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

test.run();
