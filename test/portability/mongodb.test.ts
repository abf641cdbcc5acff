import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseManager } from '../../runtime/manager.ts';
import { allMatch, exportSnapshot, transferDatabase } from '../../portability/index.ts';
import { postgresTarget, sqliteTarget } from '../support/databases.ts';
import { Author, Book, MODELS } from '../support/models.ts';
import { optionalSuite } from '../support/optional-suite.ts';
import { PORTABLE_MODELS } from '../support/portable-models.ts';

const { test, url } = optionalSuite('moving data to and from MongoDB', 'FARM_TEST_MONGODB_URL', {});

async function open(config: object, schema: 'update' | 'none') {
  const db = new DatabaseManager({ ...config, schema, retry: { attempts: 1 } } as never, { logger: { warn: () => undefined } });
  db.registerModels(MODELS);
  await db.initialize();
  return db;
}

test('SQLite → MongoDB → PostgreSQL keeps every record and reference', async () => {
  const mongoUrl = new URL(url!);
  mongoUrl.pathname = `/farm_test_${randomBytes(4).toString('hex')}`;
  const [a, c] = [await sqliteTarget.create(), await postgresTarget.create()];
  const sqlite = await open(a.config, 'update');
  const mongo = await open({ type: 'mongodb', url: mongoUrl.toString() }, 'none');
  const postgres = await open(c.config, 'none');
  try {
    await sqlite.transaction(async em => {
      for (let i = 0; i < 30; i++) em.create(Book, { title: `Book ${i}`, pages: i, author: em.create(Author, { name: `Author ${i}`, email: `a${i}@example.com` }) });
    });
    assert.ok(allMatch(await transferDatabase(sqlite, mongo, { batchSize: 7 })));
    assert.ok(allMatch(await transferDatabase(mongo, postgres, { batchSize: 7 })));
    const book = await postgres.em.findOneOrFail(Book, { title: 'Book 12' }, { populate: ['author'] });
    assert.is(book.author.name, 'Author 12');
  } finally {
    const client = (await mongo.orm.driver.getConnection().getNativeClient()) as { db(): { dropDatabase(): Promise<unknown> } };
    await client.db().dropDatabase().catch(() => undefined);
    for (const db of [sqlite, mongo, postgres]) await db.shutdown();
    await a.drop();
    await c.drop();
  }
});

test.run();

const offline = suite('moving many-to-many relations to or from MongoDB (no server needed)');

offline('is refused before anything moves or is exported, naming the relation and the pivot table', async () => {
  const a = await sqliteTarget.create();
  const sqlite = new DatabaseManager({ ...a.config, schema: 'update' }, { logger: { warn: () => undefined } });
  // MikroORM discovers MongoDB models without connecting; the offline manager never writes.
  const mongo = new DatabaseManager({ type: 'mongodb', url: 'mongodb://127.0.0.1:9/none', schema: 'none' }, { logger: { warn: () => undefined }, offline: true });
  sqlite.registerModels(PORTABLE_MODELS);
  mongo.registerModels(PORTABLE_MODELS);
  await sqlite.initialize();
  await mongo.initialize();
  try {
    const error = await transferDatabase(sqlite, mongo, { batchSize: 10 }).then(() => undefined, (e: Error) => e);
    assert.match(error?.message ?? '', /the source has title_genres, the target does not \(a many-to-many pivot table: MongoDB keeps these relations as arrays/);
    const back = await transferDatabase(mongo, sqlite, { batchSize: 10 }).then(() => undefined, (e: Error) => e);
    assert.match(back?.message ?? '', /the target has title_genres, the source does not/);
    assert.match(back?.message ?? '', 'Title.genres is a many-to-many relation kept as arrays in MongoDB documents');
    // Between two MongoDB databases too: the arrays would be left behind.
    const within = await transferDatabase(mongo, mongo, { batchSize: 10 }).then(() => undefined, (e: Error) => e);
    assert.match(within?.message ?? '', 'Title.genres is a many-to-many relation kept as arrays in MongoDB documents, which farm-db cannot move yet');
    const out = join(mkdtempSync(join(tmpdir(), 'farm-mongo-export-')), 'snap');
    const exported = await exportSnapshot(mongo, out).then(() => undefined, (e: Error) => e);
    assert.match(exported?.message ?? '', 'Title.genres cannot be exported');
    assert.not.ok(existsSync(out));
  } finally {
    await mongo.shutdown();
    await sqlite.shutdown();
    await a.drop();
  }
});

offline.run();
