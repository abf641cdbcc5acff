import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument } from 'yaml';
import { DATABASE_TYPES } from '../../databases/index.ts';
import { copyFixture, farm, snapshot, typecheck, type Fixture } from './generated-project.ts';

/** Where each fixture keeps its app, and the compose services it already has. */
const APP: Record<Fixture, string> = { 'express-esm': '', 'express-cjs-tabs': '', 'fastify-esm': '', 'node-http': '', 'koa-esm': '', 'seed-monorepo': 'apps/api' };
const COMPOSE: Partial<Record<Fixture, { file: string; services: string[] }>> = {
  'fastify-esm': { file: 'docker-compose.yml', services: ['db', 'cache'] },
};

/**
 * `farm db add` on one of the older fixtures, once per database type: what it writes, that it typechecks, re-runs,
 * kept edits, the compose file and --dry-run. One file per fixture in test/generators/add-matrix/, so that the test
 * runner's workers share them out.
 */
export function addMatrix(fixture: Fixture): void {
  for (const type of DATABASE_TYPES) {
    const test = suite<{ dir: string; first: ReturnType<typeof farm> }>(`farm db add --type ${type} on ${fixture}`);
    const app = (dir: string) => join(dir, APP[fixture]);

    test.before(context => {
      context.dir = copyFixture(fixture);
      context.first = farm(['db', 'add', '--type', type, '--yes', '--skip-install'], context.dir);
    });

    test('writes the files and exits 0', ({ first, dir }) => {
      assert.is(first.code, 0, first.stderr);
      assert.match(first.stdout, 'Done:');
      assert.ok(readFileSync(join(app(dir), 'farm.config.ts'), 'utf8').includes(`type: `), 'farm.config.ts written');
    });

    test('the generated project typechecks with its dependencies', ({ dir }) => {
      assert.is(typecheck(app(dir)), '');
    });

    test('a second run writes nothing and says the project is up to date', ({ dir }) => {
      const before = snapshot(dir);
      const second = farm(['db', 'add', '--type', type, '--yes', '--skip-install'], dir);
      assert.is(second.code, 0, second.stderr);
      assert.match(second.stdout, 'up to date');
      assert.equal(snapshot(dir), before);
    });

    test('a user edit to a generated file survives a re-run', ({ dir }) => {
      const file = join(app(dir), 'src/database/base-model.ts');
      appendFileSync(file, '\n// my own addition\n');
      const edited = readFileSync(file, 'utf8');
      const rerun = farm(['db', 'add', '--type', type, '--yes', '--skip-install'], dir);
      assert.is(rerun.code, 0, rerun.stderr);
      assert.is(readFileSync(file, 'utf8'), edited);
      assert.match(rerun.stderr, 'was edited since farm-db generated it');
    });

    test('the compose file parses and keeps the original services', ({ dir }) => {
      const compose = COMPOSE[fixture];
      const file = compose?.file ?? 'compose.yaml';
      const text = (() => {
        try {
          return readFileSync(join(dir, file), 'utf8');
        } catch {
          return undefined;
        }
      })();
      if (type === 'sqlite') {
        assert.is(text === undefined ? undefined : parseDocument(text).toJSON().services.sqlite, undefined, 'SQLite needs no service');
        return;
      }
      const doc = parseDocument(text!);
      assert.equal(doc.errors, []);
      const services = Object.keys(doc.toJSON().services);
      for (const original of compose?.services ?? []) assert.ok(services.includes(original), `kept ${original}`);
      assert.ok(services.length === (compose?.services.length ?? 0) + 1, `one service added: ${services.join(', ')}`);
    });

    test('--dry-run writes nothing and prints a diff', () => {
      const dir = copyFixture(fixture);
      const before = snapshot(dir);
      const dry = farm(['db', 'add', '--type', type, '--dry-run'], dir);
      assert.is(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, '+++ b/');
      assert.match(dry.stdout, 'nothing was written');
      assert.equal(snapshot(dir), before);
    });

    test.run();
  }
}
