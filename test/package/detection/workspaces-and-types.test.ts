import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootWithSqlite } from '../../support/boot-fixture.ts';
import { withFixture } from '../../support/packed-app.ts';

const test = suite('workspaces, build tsconfigs and old @types/node');

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

test('a pnpm workspace: db add on the root (--dir) wires apps/api', () =>
  withFixture('pnpm-workspace', app =>
    bootWithSqlite(app, {
      // No pnpm on this machine's PATH (the harness runs it through npx): install as the user would after.
      addArgs: ['--dir', '../..', '--skip-install'],
      afterAdd: () => {
        assert.ok(existsSync(join(app.dir, 'farm.config.ts')), 'farm.config.ts beside the API package');
        assert.match(read(app.dir, 'src/main.ts'), 'db.initialize()');
        // package.json changed, so the lockfile must too (pnpm freezes it by default when CI is set, as in CI).
        const install = app.run('npx', ['--yes', 'pnpm@9', 'install', '--prefer-offline', '--no-frozen-lockfile'], { cwd: '../..' });
        assert.is(install.code, 0, `${install.stdout}\n${install.stderr}`);
      },
    }), { appDir: 'apps/api' }));

test("Nx: apps/api/tsconfig.app.json (CommonJS) decides, not the root's esnext base; dist/apps/api/main.js stays", () =>
  withFixture('nx-workspace', app =>
    bootWithSqlite(app, {
      tsc: ['-p', 'apps/api/tsconfig.app.json', '--noEmit'],
      build: ['build'],
      afterAdd: () => {
        assert.match(read(app.dir, 'apps/api/src/database/connection.ts'), 'configFrom: __dirname');
        assert.not.match(read(app.dir, 'apps/api/src/main.ts'), /^await /m);
      },
      afterBuild: () => assert.ok(existsSync(join(app.dir, 'dist/apps/api/main.js')), 'the build output path is unchanged'),
    })));

test('@types/node 18.7: fileURLToPath(import.meta.url) instead of import.meta.dirname, and it typechecks', () =>
  withFixture('old-types-node', app =>
    bootWithSqlite(app, {
      afterAdd: () => {
        const connection = read(app.dir, 'src/database/connection.ts');
        assert.match(connection, "import { fileURLToPath } from 'node:url';");
        assert.not.match(connection, 'import.meta.dirname');
      },
    })));

test.run();
