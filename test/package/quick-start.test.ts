/**
 * The README's "Use it in your project", step by step, on an app with farm-db installed from the packed tarball:
 * `npx farm-db db add --type postgresql`, the compose service, `npm start`, `curl /health/db`. There is no Docker
 * engine here: the local PostgreSQL stands in for `docker compose up -d postgres`, with the user, password and
 * database db add put in .env (a database of the test's own, given as DATABASE_URL, which the shell may override).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { PG_URL } from '../support/databases.ts';
import { bootAndCheckHealth } from '../support/boot-fixture.ts';
import { withFixture } from '../support/packed-app.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const quickStart = README.slice(README.indexOf('## Use it in your project'), README.indexOf('\n## ', README.indexOf('## Use it in your project') + 1));

/** `KEY=value` lines of a .env file. */
const envFile = (text: string) => Object.fromEntries([...text.matchAll(/^([A-Z_][A-Z0-9_]*)=(.*)$/gm)].map(m => [m[1]!, m[2]!.replace(/^"|"$/g, '')]));

test('the quick start is the first section of the README and gives the commands this test runs', () => {
  assert.match(README.split('\n').find(line => line.startsWith('## ')) ?? '', 'Use it in your project');
  for (const command of ['npm install farm-db', 'npx farm-db db add --type postgresql', 'docker compose up -d postgres', 'npm start', 'curl http://localhost:3000/health/db']) {
    assert.ok(quickStart.includes(command), `the quick start says \`${command}\``);
  }
});

test('npx farm-db db add --type postgresql, the compose service, npm start: /health/db passes', () =>
  withFixture('express-esm', async app => {
    const add = app.farm(['db', 'add', '--type', 'postgresql']);
    assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
    const compose = parse(readFileSync(join(app.dir, 'compose.yaml'), 'utf8')) as { services: Record<string, { image: string }> };
    assert.match(compose.services.postgres?.image ?? '', /^postgres:/, '`docker compose up -d postgres` names the service db add added');
    assert.ok(JSON.parse(readFileSync(join(app.dir, 'package.json'), 'utf8')).dependencies?.['@mikro-orm/postgresql'], 'db add installed the driver');

    // What the compose service would be: the user and password from .env, on the local server.
    const env = envFile(readFileSync(join(app.dir, '.env'), 'utf8'));
    const database = `farm_quick_start_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const user = env.POSTGRES_USER!;
      const role = await admin.query('select 1 from pg_roles where rolname = $1', [user]);
      if (role.rowCount === 0) await admin.query(`create role "${user}" login`);
      await admin.query(`create database "${database}" owner "${user}"`);
      const url = new URL(env.DATABASE_URL!);
      url.hostname = '127.0.0.1';
      url.port = new URL(PG_URL).port || '5432';
      url.pathname = `/${database}`;
      const end = await bootAndCheckHealth(app, { env: { DATABASE_URL: url.toString() } });
      assert.is(end.code, 0, end.output);
    } finally {
      await admin.query(`drop database if exists "${database}" with (force)`);
      await admin.end();
    }
  }));

test.run();
