import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MikroORM, type EntitySchema } from '@mikro-orm/core';
import { mongodbProvider } from '../../runtime/providers/mongodb/index.ts';
import { resolveDatabaseConfig, completePool } from '../../config/resolve.ts';
import { parseMongoMigration } from '../../migrations/mongodb/validate.ts';
import { diffSnapshots, snapshotFromModels } from '../../migrations/mongodb/snapshot.ts';
import { MODELS } from '../support/models.ts';
import { optionalSuite } from '../support/optional-suite.ts';
import { migrationsFolder, openForMigrations } from '../support/migration-project.ts';

const offline = suite('MongoDB JSON migrations without a server');

const valid = { id: '20260101000000_authors', description: 'authors', up: [{ op: 'createCollection', collection: 'author' }], down: [{ op: 'dropCollection', collection: 'author' }] };

offline('a well-formed migration passes the JSON Schema', () => {
  assert.equal(parseMongoMigration('m.json', JSON.stringify(valid)).up, valid.up);
});

offline('an unknown op is rejected, naming the file and the place in it', () => {
  const bad = { ...valid, up: [{ op: 'truncate', collection: 'author' }] };
  assert.throws(() => parseMongoMigration('20260101000000_authors.json', JSON.stringify(bad)), (e: Error) =>
    e.message.includes('20260101000000_authors.json is not a valid farm-db MongoDB migration') && e.message.includes('/up/0: unknown op "truncate"'));
});

offline('a known op with a missing or extra field is rejected with that field named', () => {
  const missing = { ...valid, up: [{ op: 'createIndex', collection: 'author' }] };
  assert.throws(() => parseMongoMigration('m.json', JSON.stringify(missing)), /\/up\/0: must have required property 'keys'/);
  const extra = { ...valid, down: [{ op: 'dropCollection', collection: 'author', force: true }] };
  assert.throws(() => parseMongoMigration('m.json', JSON.stringify(extra)), /\/down\/0: must NOT have additional properties \(force\)/);
});

offline('a file without down, or that is not JSON, is rejected', () => {
  const { down: _down, ...noDown } = valid;
  assert.throws(() => parseMongoMigration('m.json', JSON.stringify(noDown)), /must have required property 'down'/);
  assert.throws(() => parseMongoMigration('m.json', '{ "id": '), /m\.json is not valid JSON/);
});

offline('the models diffed against an empty snapshot create their collections and indexes, and down drops them', async () => {
  const config = resolveDatabaseConfig({ type: 'mongodb', url: 'mongodb://127.0.0.1:1/app' }, { env: {} });
  const options = await mongodbProvider.ormOptions({ config, pool: completePool(config.pool, mongodbProvider.descriptor.pool), baseDir: process.cwd() });
  const orm = await MikroORM.init({ ...options, entities: MODELS as unknown as EntitySchema[], discovery: { onMetadata: meta => mongodbProvider.adaptMetadata!(meta) } });
  try {
    const snapshot = snapshotFromModels(orm);
    const { up, down } = diffSnapshots({ collections: {} }, snapshot);
    assert.equal(up.filter(op => op.op === 'createCollection').map(op => op.collection).sort(), ['author', 'book']);
    assert.ok(up.some(op => op.op === 'createIndex' && op.collection === 'author' && op.keys.email === 1 && op.options?.unique), 'the unique email index');
    assert.equal(down.map(op => op.op), ['dropCollection', 'dropCollection']);
    assert.equal(diffSnapshots(snapshot, snapshot), { up: [], down: [] }, 'nothing changed, nothing to do');
    // Both directions must themselves pass the schema.
    parseMongoMigration('generated.json', JSON.stringify({ id: '20260101000000', description: 'generated', up, down }));
  } finally {
    await orm.close(true);
  }
});

offline.run();

const { test: server, url } = optionalSuite('MongoDB JSON migrations against a server', 'FARM_TEST_MONGODB_URL', {});

server('create, up, down, edited applied migration detected, malformed file stops before touching the database', async () => {
  const dbUrl = new URL(url!);
  dbUrl.pathname = `/farm_test_${randomBytes(4).toString('hex')}`;
  const dir = migrationsFolder();
  const db = await openForMigrations({ type: 'mongodb', url: dbUrl.toString() }, dir, MODELS);
  try {
    const migrations = await db.migrations();
    const created = await migrations.create({ name: 'authors' });
    assert.ok(created);
    assert.equal(await db.migrate(), [created!.file.replace('.json', '')]);
    assert.equal(await migrations.drift(), []);
    assert.equal((await migrations.status()).map(s => s.applied), [true]);
    assert.equal(await migrations.down(), [created!.file.replace('.json', '')]);
    await db.migrate();
    const path = join(dir, created!.file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"description": "authors"', '"description": "edited"'));
    assert.match(await migrations.status().then(() => "", (e: Error) => e.message), "has changed since");
    writeFileSync(join(dir, '20990101000000_bad.json'), JSON.stringify({ id: '20990101000000_bad', description: 'x', up: [{ op: 'nope' }], down: [] }));
    const error = await db.migrate().then(() => undefined, (e: Error) => e);
    assert.match(error!.message, 'not a valid farm-db MongoDB migration');
    assert.ok((await db.migrationHistory()).length >= 3);
  } finally {
    const client = (await db.orm.driver.getConnection().getNativeClient()) as { db(name?: string): { dropDatabase(): Promise<unknown> } };
    await client.db().dropDatabase().catch(() => undefined);
    await db.shutdown();
  }
});

server.run();
