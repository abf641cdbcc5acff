import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { detectProject } from '../../../generators/detect/project.ts';
import { EXPRESS_ENTRY, withProject } from '../../support/project-files.ts';

const test = suite("the app's own database layer and DATABASE_URL");

const pkg = (dependencies: object = {}) => ({ name: 'api', dependencies: { express: '^4.21.0', ...dependencies } });
const detect = (files: Record<string, string | object>) => withProject(files, tree => detectProject(tree, { databaseType: 'sqlite' }));

test('TypeORM with a DataSource and src/database/migrations: named, and farm-db goes to src/farm-db', () => {
  const layout = detect({
    'package.json': pkg({ typeorm: '^0.3.20', pg: '^8.11.0' }),
    'src/index.ts': EXPRESS_ENTRY,
    'src/database/data-source.ts': "import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres' });\n",
    'src/database/migrations/1712000000000-CreateUsers.ts': 'export class CreateUsers1712000000000 {}\n',
  });
  assert.is(layout.databaseDir, 'src/farm-db');
  assert.match(layout.existingDatabase.join('\n'), 'TypeORM (typeorm in package.json, a DataSource in src/database/data-source.ts)');
  assert.match(layout.existingDatabase.join('\n'), 'migrations farm-db did not write in src/database/migrations');
});

test('src/database holding farm-db files stays farm-db folder on a re-run', () => {
  const layout = detect({
    'package.json': pkg(),
    'src/index.ts': EXPRESS_ENTRY,
    'src/database/connection.ts': "import { DatabaseManager } from 'farm-db/runtime';\n",
  });
  assert.is(layout.databaseDir, 'src/database');
});

test('once farm-db wrote src/farm-db, it keeps using it', () => {
  const layout = detect({
    'package.json': pkg(),
    'src/index.ts': EXPRESS_ENTRY,
    'src/farm-db/connection.ts': "import { DatabaseManager } from 'farm-db/runtime';\n",
  });
  assert.is(layout.databaseDir, 'src/farm-db');
});

test("on a re-run, the MikroORM packages farm-db added are not reported as the app's own layer", () => {
  const mikro = { '@mikro-orm/core': '7.2.1', '@mikro-orm/sql': '7.2.1' };
  const again = detect({ 'package.json': pkg({ 'farm-db': '^0.1.0', ...mikro }), 'farm.config.ts': 'export default {};\n', 'src/index.ts': EXPRESS_ENTRY });
  assert.equal(again.existingDatabase, []);
  // Before farm-db is set up, the same packages are the app's.
  const first = detect({ 'package.json': pkg(mikro), 'src/index.ts': EXPRESS_ENTRY });
  assert.match(first.existingDatabase.join('\n'), 'MikroORM (@mikro-orm/core in package.json)');
});

test('Prisma and Drizzle are reported from their schema and config', () => {
  const layout = detect({
    'package.json': pkg({ '@prisma/client': '^5.0.0' }),
    'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
    'drizzle.config.ts': "export default { dialect: 'postgresql' };\n",
    'src/index.ts': EXPRESS_ENTRY,
  });
  assert.match(layout.existingDatabase.join('\n'), 'Prisma (@prisma/client in package.json, prisma/schema.prisma)');
  assert.match(layout.existingDatabase.join('\n'), 'Drizzle (drizzle.config.ts)');
});

test("the app's own `export const db` is reported", () => {
  const layout = detect({ 'package.json': pkg(), 'src/index.ts': EXPRESS_ENTRY, 'src/db.ts': 'export const db = new Map();\n' });
  assert.equal(layout.existingDatabase, ['its own `db` (src/db.ts)']);
});

test('an app with no database layer keeps src/database and DATABASE_URL', () => {
  const layout = detect({ 'package.json': pkg(), 'src/index.ts': EXPRESS_ENTRY });
  assert.equal([layout.databaseDir, layout.urlVariable, layout.existingDatabase], ['src/database', 'DATABASE_URL', []]);
});

test('a pg Pool reading DATABASE_URL in the code means FARM_DATABASE_URL', () => {
  const layout = detect({
    'package.json': pkg({ pg: '^8.11.0' }),
    'src/index.ts': EXPRESS_ENTRY,
    'src/pool.ts': "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n",
  });
  assert.equal([layout.urlVariable, layout.urlVariableReason], ['FARM_DATABASE_URL', 'src/pool.ts already reads DATABASE_URL']);
});

test('a drizzle.config.ts reading DATABASE_URL means FARM_DATABASE_URL', () => {
  const layout = detect({
    'package.json': pkg(),
    'src/index.ts': EXPRESS_ENTRY,
    'drizzle.config.ts': 'export default { dbCredentials: { url: process.env.DATABASE_URL! } };\n',
  });
  assert.is(layout.urlVariable, 'FARM_DATABASE_URL');
});

test('.env with a postgres DATABASE_URL is not reused for SQLite', () => {
  const layout = detect({ 'package.json': pkg(), 'src/index.ts': EXPRESS_ENTRY, '.env': 'DATABASE_URL=postgres://app@localhost/app\n' });
  assert.equal([layout.urlVariable, layout.urlVariableReason], ['FARM_DATABASE_URL', '.env already sets DATABASE_URL for the app']);
});

test('.env with a DATABASE_URL of the same type is taken as meant for farm-db', () => {
  const layout = detect({ 'package.json': pkg(), 'src/index.ts': EXPRESS_ENTRY, '.env': 'DATABASE_URL=file:./data/app.db\n' });
  assert.is(layout.urlVariable, 'DATABASE_URL');
});

test('an existing farm.config.ts keeps the variable it reads', () => {
  const layout = detect({
    'package.json': pkg({ pg: '^8.11.0' }),
    'src/index.ts': EXPRESS_ENTRY,
    'farm.config.ts': "export default defineConfig({ database: { type: 'sqlite', url: '${FARM_DATABASE_URL}' } });\n",
    'src/pool.ts': 'const url = process.env.DATABASE_URL;\n',
  });
  assert.is(layout.urlVariable, 'FARM_DATABASE_URL');
});

test("TypeORM entities in src/entities are not taken as farm-db's models folder", () => {
  const layout = detect({
    'package.json': pkg({ typeorm: '^0.3.20' }),
    'src/index.ts': EXPRESS_ENTRY,
    'src/entities/customer.ts': "import { EntitySchema } from 'typeorm';\nexport const Customer = new EntitySchema({ name: 'Customer', columns: {} });\n",
  });
  assert.is(layout.modelsDir, 'src/models');
});

test.run();
