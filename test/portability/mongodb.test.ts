import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseManager, type Model } from '../../runtime/manager.ts';
import { allMatch, exportSnapshot, importSnapshot, transferDatabase, verificationTable } from '../../portability/index.ts';
import { describeModel, modelsInLoadOrder, untransferable } from '../../portability/models.ts';
import { tempDir } from '../support/temp-dirs.ts';
import { postgresTarget, sqliteTarget, type TestTarget } from '../support/databases.ts';
import { NAMING_MODELS, ORDERED_MODELS } from '../support/link-models.ts';
import { Author, Book, MODELS } from '../support/models.ts';
import { optionalSuite } from '../support/optional-suite.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { Genre, PORTABLE_MODELS, Title } from '../support/portable-models.ts';
import { openPortable } from '../support/portable-project.ts';

const { test, url } = optionalSuite('moving data to and from MongoDB', 'FARM_TEST_MONGODB_URL', {});

type Trio = { sqlite: DatabaseManager; mongo: DatabaseManager; target: DatabaseManager };

/**
 * A SQLite source with tables made from `models`, an empty MongoDB database and an empty `to`
 * database, each registering `models`; all three dropped after `body`.
 */
async function withMongoBetween(to: TestTarget, models: Model[], body: (trio: Trio) => Promise<void>): Promise<void> {
  const mongoUrl = new URL(url!);
  mongoUrl.pathname = `/farm_test_${randomBytes(4).toString('hex')}`;
  const [a, c] = [await sqliteTarget.create(), await to.create()];
  const sqlite = await openPortable(a.config, 'update', models);
  const mongo = await openPortable({ type: 'mongodb', url: mongoUrl.toString() }, 'none', models);
  const target = await openPortable(c.config, 'none', models);
  try {
    await body({ sqlite, mongo, target });
  } finally {
    const client = (await mongo.orm.driver.getConnection().getNativeClient()) as { db(): { dropDatabase(): Promise<unknown> } };
    await client.db().dropDatabase().catch(() => undefined);
    for (const db of [sqlite, mongo, target]) await db.shutdown();
    await a.drop();
    await c.drop();
  }
}

test('SQLite → MongoDB → PostgreSQL keeps every record and reference', () =>
  withMongoBetween(postgresTarget, MODELS, async ({ sqlite, mongo, target: postgres }) => {
    await sqlite.transaction(async em => {
      for (let i = 0; i < 30; i++) em.create(Book, { title: `Book ${i}`, pages: i, author: em.create(Author, { name: `Author ${i}`, email: `a${i}@example.com` }) });
    });
    assert.ok(allMatch(await transferDatabase(sqlite, mongo, { batchSize: 7 })));
    assert.ok(allMatch(await transferDatabase(mongo, postgres, { batchSize: 7 })));
    const book = await postgres.em.findOneOrFail(Book, { title: 'Book 12' }, { populate: ['author'] });
    assert.is(book.author.name, 'Author 12');
  }));

test('many-to-many links (a pivot table in SQL, arrays in MongoDB) survive SQLite → MongoDB → PostgreSQL', () =>
  withMongoBetween(postgresTarget, PORTABLE_MODELS, async ({ sqlite, mongo, target: postgres }) => {
    await seedPortableData(sqlite, 20);
    await sqlite.transaction(async em => {
      const [first, second] = await em.find(Title, {}, { orderBy: { name: 'asc' }, limit: 2, populate: ['genres'] });
      first!.genres.set(await em.find(Genre, {})); // all three genres
      second!.genres.removeAll(); // none
    });
    const there = await transferDatabase(sqlite, mongo, { batchSize: 7 });
    assert.ok(allMatch(there), verificationTable(there));
    assert.equal(there.find(r => r.model === 'title_genres')?.targetCount, 41);
    const back = await transferDatabase(mongo, postgres, { batchSize: 7 });
    assert.ok(allMatch(back), verificationTable(back));
    const labels = async (db: DatabaseManager, name: string) => (await db.em.fork().findOneOrFail(Title, { name }, { populate: ['genres'] })).genres.getItems().map(g => g.label).sort();
    for (const db of [mongo, postgres]) {
      assert.equal(await labels(db, 'Title 0.0'), ['essays', 'novels', 'poetry']);
      assert.equal(await labels(db, 'Title 0.1'), []);
      assert.equal(await labels(db, 'Title 7.1'), ['novels'], 'the seed gives Title i.j the genre (i + j) % 3');
    }
  }));

test('a MongoDB export carries its many-to-many arrays as the pivot table, and imports into SQLite', () =>
  withMongoBetween(sqliteTarget, PORTABLE_MODELS, async ({ sqlite: source, mongo, target: sqlite }) => {
    // Seeded through SQL: the portable models' integer keys are autoincremented, which MongoDB is not.
    await seedPortableData(source, 15);
    assert.ok(allMatch(await transferDatabase(source, mongo, { batchSize: 4 })));
    const out = join(tempDir('farm-mongo-export-'), 'snap');
    const manifest = await exportSnapshot(mongo, out, { batchSize: 4 });
    assert.equal(manifest.models.find(m => m.name === 'title_genres')?.count, 30);
    const rows = await importSnapshot(sqlite, out, { batchSize: 4 });
    assert.ok(allMatch(rows), verificationTable(rows));
    const title = await sqlite.em.findOneOrFail(Title, { name: 'Title 4.1' }, { populate: ['genres'] });
    assert.equal(title.genres.getItems().map(g => g.label), ['novels'], 'the seed gives Title i.j the genre (i + j) % 3');
  }));

test.run();

const offline = suite('moving many-to-many relations to or from MongoDB (no server needed)');

/** PORTABLE_MODELS (or `models`) on SQLite and on an offline MongoDB manager: MikroORM discovers MongoDB models without connecting. */
async function withOfflineMongo(body: (sqlite: DatabaseManager, mongo: DatabaseManager) => Promise<void>, models: Model[] = PORTABLE_MODELS) {
  const a = await sqliteTarget.create();
  const sqlite = new DatabaseManager({ ...a.config, schema: 'update' }, { logger: { warn: () => undefined } });
  const mongo = new DatabaseManager({ type: 'mongodb', url: 'mongodb://127.0.0.1:9/none', schema: 'none' }, { logger: { warn: () => undefined }, offline: true });
  sqlite.registerModels(models);
  mongo.registerModels(models);
  await sqlite.initialize();
  await mongo.initialize();
  try {
    await body(sqlite, mongo);
  } finally {
    await mongo.shutdown();
    await sqlite.shutdown();
    await a.drop();
  }
}

const described = (db: DatabaseManager) => modelsInLoadOrder(db.orm).map(meta => describeModel(meta));

offline('a many-to-many array is carried as the rows of the pivot table SQL keeps for it', () =>
  withOfflineMongo(async (sqlite, mongo) => {
    assert.equal(described(mongo), described(sqlite));
    assert.ok(described(mongo).some(model => model.name === 'title_genres'));
    assert.equal(untransferable(sqlite.orm, mongo.orm), []);
    assert.equal(untransferable(mongo.orm, mongo.orm), []);
  }));

offline('pivot names follow SQL for explicit table names, explicit pivot tables and self-references', () =>
  withOfflineMongo(async (sqlite, mongo) => {
    const names = (db: DatabaseManager) => described(db).map(model => model.name).sort();
    assert.equal(names(mongo), names(sqlite));
    assert.equal(names(mongo), ['BookTag', 'LibraryBook', 'Shelf', 'book_on_shelf', 'library_book_related', 'library_book_tags']);
    assert.equal(described(mongo), described(sqlite));
  }, NAMING_MODELS));

offline('a many-to-many array no pivot table can stand for (fixed order) is refused before anything moves or is exported', () =>
  withOfflineMongo(async (sqlite, mongo) => {
    const error = await transferDatabase(sqlite, mongo, { batchSize: 10 }).then(() => undefined, (e: Error) => e);
    assert.match(error?.message ?? '', 'Playlist.songs is a many-to-many relation kept as arrays in MongoDB documents that farm-db cannot move');
    const within = await transferDatabase(mongo, mongo, { batchSize: 10 }).then(() => undefined, (e: Error) => e);
    assert.match(within?.message ?? '', 'Playlist.songs is a many-to-many relation');
    const out = join(tempDir('farm-mongo-export-'), 'snap');
    const exported = await exportSnapshot(mongo, out).then(() => undefined, (e: Error) => e);
    assert.match(exported?.message ?? '', 'Playlist.songs cannot be exported');
    assert.not.ok(existsSync(out));
  }, ORDERED_MODELS));

offline.run();
