import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm, snapshot } from '../support/generated-project.ts';

const add = (dir: string, ...extra: string[]) => farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install', ...extra], dir);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

const safety = suite('db add: all or nothing, and bad input refused');

safety('a failure while writing leaves every file untouched', () => {
  const dir = copyFixture('express-esm');
  writeFileSync(join(dir, 'src/database'), 'a file where farm-db needs a folder\n');
  const before = snapshot(dir);
  const result = add(dir);
  assert.is.not(result.code, 0);
  assert.equal(snapshot(dir), before);
  assert.not.ok(existsSync(join(dir, '.farm')), 'no folder left behind');
});

safety('an entry file that does not parse is refused with file:line, exit 2, nothing written', () => {
  const dir = copyFixture('express-esm');
  writeFileSync(join(dir, 'src/index.ts'), "import express from 'express';\nconst app = express(;\napp.listen(3000);\n");
  const before = snapshot(dir);
  const result = add(dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, /src\/index\.ts:2:\d+/);
  assert.equal(snapshot(dir), before);
});

safety('a compose file that does not parse is refused with file:line, exit 2, nothing written', () => {
  const dir = copyFixture('fastify-esm');
  writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  db:\n    image: [unclosed\n');
  const before = snapshot(dir);
  const result = farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'docker-compose.yml:');
  assert.equal(snapshot(dir), before);
});

safety('an unknown type is a usage error (exit 2) listing the types', () => {
  const dir = copyFixture('express-esm');
  const result = farm(['db', 'add', '--type', 'oracle', '--yes'], dir);
  assert.is(result.code, 2);
  assert.match(result.stderr, 'unknown database type "oracle"');
  assert.match(result.stderr, 'postgresql, mysql, sqlite');
});

safety('a path outside the project is refused with exit 2', () => {
  const dir = copyFixture('express-esm');
  const result = add(dir, '--entry', '../../somewhere-else.ts');
  assert.is(result.code, 2);
  assert.match(result.stderr, 'is outside the project');
});

safety('a missing --type without a terminal is a usage error', () => {
  const result = farm(['db', 'add', '--yes'], copyFixture('express-esm'));
  assert.is(result.code, 2);
  assert.match(result.stderr, '--type is required');
});

safety('--force overwrites an edited generated file and keeps a .orig copy', () => {
  const dir = copyFixture('express-esm');
  add(dir);
  const file = join(dir, 'src/database/connection.ts');
  const generated = readFileSync(file, 'utf8');
  writeFileSync(file, `${generated}// edited\n`);
  const result = add(dir, '--force');
  assert.is(result.code, 0, result.stderr);
  assert.is(readFileSync(file, 'utf8'), generated);
  assert.is(read(dir, 'src/database/connection.ts.orig'), `${generated}// edited\n`);
});

safety('every --help answers with usage and exit 0', () => {
  for (const args of [['--help'], ['db', '--help'], ['db', 'add', '--help'], ['db', 'info', '--help']]) {
    const result = farm(args, process.cwd());
    assert.is(result.code, 0);
    assert.match(result.stdout, 'Usage: farm');
  }
});

safety.run();

const models = suite('db add: models');

models('an example model is generated only when the project has none', () => {
  const dir = copyFixture('express-esm');
  mkdirSync(join(dir, 'src/models'));
  writeFileSync(join(dir, 'src/models/book.ts'), "import { defineEntity, p } from 'farm-db/runtime';\nexport const Book = defineEntity({ name: 'Book', properties: { id: p.integer().primary() } });\n");
  add(dir);
  assert.not.ok(existsSync(join(dir, 'src/models/example.ts')));
  assert.match(read(dir, 'src/database/models.ts'), 'export const models = [Book];');
});

models('a re-run after the user adds a model registers only the new one', () => {
  const dir = copyFixture('express-esm');
  add(dir);
  writeFileSync(join(dir, 'src/models/author.ts'), "import { defineEntity, p } from 'farm-db/runtime';\nexport const Author = defineEntity({ name: 'Author', properties: { id: p.integer().primary() } });\n");
  const result = add(dir);
  assert.is(result.code, 0, result.stderr);
  const registry = read(dir, 'src/database/models.ts');
  assert.is(registry.match(/import \{ Example \}/g)?.length, 1);
  assert.is(registry.match(/import \{ Author \} from '\.\.\/models\/author\.ts';/g)?.length, 1);
  assert.match(registry, /export const models = \[Example, Author\];/);
  assert.match(add(dir).stdout, 'up to date');
});

models.run();

const files = suite('db add: env, package.json and style');

files('existing .env values are never changed, and .env is git-ignored once', () => {
  const dir = copyFixture('express-cjs-tabs');
  writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgresql://mine@db.internal/orders\nPORT=4000\n');
  add(dir);
  const env = read(dir, '.env');
  assert.match(env, 'DATABASE_URL=postgresql://mine@db.internal/orders');
  assert.is(env.match(/^DATABASE_URL=/gm)?.length, 1);
  assert.match(env, /^FARM_DATABASE_URL=file:/m, 'a postgres URL is not reused for SQLite: farm-db takes its own variable');
  assert.is(read(dir, '.gitignore').match(/^\.env$/gm)?.length, 1);
});

files('the existing .env.example keeps its lines and gains the new ones', () => {
  const dir = copyFixture('fastify-esm');
  const before = read(dir, '.env.example');
  farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir);
  const after = read(dir, '.env.example');
  assert.ok(after.startsWith(before), 'original lines first, unchanged');
  assert.match(after, 'POSTGRES_PASSWORD=change-me');
  assert.not.match(after, read(dir, '.env').match(/POSTGRES_PASSWORD=(\w+)/)![1]!, 'the real password stays out of .env.example');
});

files('package.json keeps its key order and tab indentation', () => {
  const dir = copyFixture('express-cjs-tabs');
  add(dir);
  const pkg = read(dir, 'package.json');
  assert.match(pkg, /^\{\n\t"name": "legacy-orders",\n\t"version": "2\.3\.1",\n\t"main"/);
  assert.match(pkg, '\t\t"@mikro-orm/core": "7.2.1"');
  assert.match(pkg, '\t\t"farm-db": "^0.1.0"');
  assert.ok(pkg.indexOf('"@mikro-orm/core"') < pkg.indexOf('"express"'), 'dependencies stay sorted');
});

files('generated code follows a CommonJS, tabs, double-quote project with path aliases', () => {
  const dir = copyFixture('express-cjs-tabs');
  add(dir);
  const connection = read(dir, 'src/database/connection.ts');
  assert.match(connection, 'import { DatabaseManager } from "farm-db/runtime";');
  assert.match(connection, 'import { models } from "./models";');
  assert.match(connection, 'configFrom: __dirname');
  assert.match(read(dir, 'src/database/base-model.ts'), /\n\tid: p\.uuid\(\)/);
  assert.match(read(dir, 'src/server.ts'), 'import { db } from "@/database";');
  assert.match(read(dir, 'src/server.ts'), 'async function start() {\n\tawait db.initialize();');
});

files('generated code follows an ES module project without semicolons', () => {
  const dir = copyFixture('fastify-esm');
  add(dir);
  const connection = read(dir, 'src/database/connection.ts');
  assert.match(connection, "import { models } from './models.ts'\n");
  assert.match(connection, 'configFrom: import.meta.dirname');
  assert.not.match(read(dir, 'src/main.ts'), /;\n/);
});

files('a taken compose service name and host port make farm-db choose others', () => {
  const dir = copyFixture('express-esm');
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  postgres:\n    image: postgres:15\n    ports:\n      - "5432:5432"\n');
  farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir);
  const compose = read(dir, 'compose.yaml');
  assert.match(compose, 'services:\n  postgres:\n    image: postgres:15\n');
  assert.match(compose, '  postgres-2:\n    image: postgres:17');
  assert.match(compose, '"${POSTGRES_PORT:-5433}:5432"');
  assert.match(read(dir, '.env'), /DATABASE_URL=postgresql:\/\/app:\w+@localhost:5433\/app/);
});

files('an existing farm.config.ts keeps its other keys and comments', () => {
  const dir = copyFixture('express-esm');
  const config = "import { defineConfig } from 'farm-db';\n\n// project settings\nexport default defineConfig({\n  server: { port: 3000 }, // used by the API\n});\n";
  writeFileSync(join(dir, 'farm.config.ts'), config);
  add(dir);
  const after = read(dir, 'farm.config.ts');
  assert.match(after, '// project settings');
  assert.match(after, 'server: { port: 3000 }, // used by the API');
  assert.match(after, "  database: {\n    type: 'sqlite',\n    url: '${DATABASE_URL}',\n  },");
});

files.run();

const info = suite('farm db info');

info('--json reports provider, redacted URL, pool, models, compose service and health', () => {
  const dir = copyFixture('express-esm');
  farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir);
  const password = read(dir, '.env').match(/POSTGRES_PASSWORD=(\w+)/)![1]!;
  const result = farm(['db', 'info', '--json'], dir, { DATABASE_URL: `postgresql://app:${password}@127.0.0.1:1/app` });
  assert.is(result.code, 1, 'an unreachable database exits 1 (issue 13), the report is printed all the same');
  assert.not.match(result.stdout, password);
  const report = JSON.parse(result.stdout);
  assert.is(report.type, 'postgresql');
  assert.is(report.url, 'postgresql://app:***@127.0.0.1:1/app');
  assert.is(report.pool.max, 20);
  assert.equal(report.models, ['Example']);
  assert.is(report.compose.service, 'postgres');
  assert.is(report.health.status, 'fail', 'nothing listens on port 1');
});

info('reports health pass for a reachable database', () => {
  const dir = copyFixture('node-http');
  add(dir);
  const result = farm(['db', 'info'], dir);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, 'provider  SQLite (sqlite)');
  assert.match(result.stdout, 'health    pass');
});

info.run();
