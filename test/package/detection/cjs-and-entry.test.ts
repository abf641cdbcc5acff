import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootWithSqlite } from '../../support/boot-fixture.ts';
import { withFixture } from '../../support/packed-app.ts';

const test = suite('apps whose module system and entry farm-db has to work out');

test('a tsconfig without module (CommonJS): no import.meta or top-level await, dist/index.js stays where it was', () =>
  withFixture('express-cjs-no-module', app =>
    bootWithSqlite(app, {
      build: ['build'],
      afterAdd: () => {
        const connection = app.run('cat', ['src/database/connection.ts']).stdout;
        assert.match(connection, 'configFrom: __dirname');
        assert.not.match(app.run('cat', ['src/index.ts']).stdout, /^await /m);
      },
      afterBuild: () => {
        assert.ok(existsSync(join(app.dir, 'dist/index.js')), 'the build still writes dist/index.js');
        assert.not.ok(existsSync(join(app.dir, 'dist/farm.config.js')), 'farm.config.ts is not compiled into dist');
      },
    })));

test('`tsx watch src/server` (a folder) finds src/server/index.ts', () =>
  withFixture('tsx-server-folder', app =>
    bootWithSqlite(app, {
      afterAdd: () => assert.match(app.run('cat', ['src/server/index.ts']).stdout, 'db.initialize()'),
    })));

test.run();
