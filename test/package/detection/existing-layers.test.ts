import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootWithSqlite } from '../../support/boot-fixture.ts';
import { withFixture } from '../../support/packed-app.ts';

const test = suite('apps that already have a database client or layer');

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

test('a pg Pool reading DATABASE_URL: farm-db takes FARM_DATABASE_URL and the app keeps its own', () =>
  withFixture('pg-database-url', app =>
    bootWithSqlite(app, {
      afterAdd: (_app, output) => {
        assert.match(read(app.dir, 'farm.config.ts'), "url: '${FARM_DATABASE_URL}'");
        assert.match(read(app.dir, '.env'), /^FARM_DATABASE_URL=file:/m);
        assert.not.match(read(app.dir, '.env'), /^DATABASE_URL=/m);
        assert.match(read(app.dir, '.env.example'), 'DATABASE_URL=postgres://billing:billing@localhost:5432/billing');
        assert.match(output, 'src/pool.ts already reads DATABASE_URL');
      },
    })));

test('TypeORM with src/database/migrations: farm-db writes src/farm-db and `db migrate` never loads the TypeORM classes', () =>
  withFixture('typeorm-migrations', async app => {
    const before = read(app.dir, 'src/database/data-source.ts');
    await bootWithSqlite(app, {
      afterAdd: (_app, output) => {
        assert.match(output, 'this app already has a database layer: TypeORM');
        assert.ok(existsSync(join(app.dir, 'src/farm-db/connection.ts')));
        assert.not.ok(existsSync(join(app.dir, 'src/database/connection.ts')));
        assert.is(read(app.dir, 'src/database/data-source.ts'), before);
      },
    });
    const created = app.farm(['db', 'migrate', '--create', 'init']);
    assert.is(created.code, 0, `${created.stdout}\n${created.stderr}`);
    const migrate = app.farm(['db', 'migrate']);
    assert.is(migrate.code, 0, `${migrate.stdout}\n${migrate.stderr}`);
    assert.not.match(`${migrate.stdout}${migrate.stderr}`, 'CreateCustomers');
    assert.ok(existsSync(join(app.dir, 'src/database/migrations/1712000000000-CreateCustomers.ts')), 'the TypeORM migration is untouched');
  }));

test.run();
