import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseManager, type Model } from '../../runtime/manager.ts';
import { allMatch, exportSnapshot, importSnapshot, transferDatabase, verificationTable } from '../../portability/index.ts';
import { describeModel, modelsInLoadOrder, untransferable } from '../../portability/models.ts';
import { postgresTarget, sqliteTarget } from '../support/databases.ts';
import { NAMING_MODELS, ORDERED_MODELS } from '../support/link-models.ts';
import { Author, Book, MODELS } from '../support/models.ts';
import { optionalSuite } from '../support/optional-suite.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { Genre, PORTABLE_MODELS, Title } from '../support/portable-models.ts';
import { openPortable } from '../support/portable-project.ts';

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

async function mongoDatabase(models: Model[]) {
  const mongoUrl = new URL(url!);
  mongoUrl.pathname = `/farm_test_${randomBytes(4).toString('hex')}`;
  const db = await openPortable({ type: 'mongodb', url: mongoUrl.toString() }, 'none', models);
  return {
    db,
    async drop() {
      const client = (await db.orm.driver.getConnection().getNativeClient()) as { db(): { dropDatabase(): Promise<unknown> } };
      await client.db().dropDatabase().catch(() => undefined);
      await db.shutdown();
    },
  };
}

test('many-to-many links (a pivot table in SQL, arrays in MongoDB) survive SQLite → MongoDB → PostgreSQL', async () => {
  const [a, c] = [await sqliteTarget.create(), await postgresTarget.create()];
  const sqlite = await openPortable(a.config, 'update', PORTABLE_MODELS);
  const mongo = await mongoDatabase(PORTABLE_MODELS);
  const postgres = await openPortable(c.config, 'none', PORTABLE_MODELS);
  try {
    await seedPortableData(sqlite, 20);
    await sqlite.transaction(async em => {
      const [first, second] = await em.find(Title, {}, { orderBy: { name: 'asc' }, limit: 2, populate: ['genres'] });
      first!.genres.set(await em.find(Genre, {})); // all three genres
      second!.genres.removeAll(); // none
    });
    const there = await transferDatabase(sqlite, mongo.db, { batchSize: 7 });
    assert.ok(allMatch(there), verificationTable(there));
    assert.equal(there.find(r => r.model === 'title_genres')?.targetCount, 41);
    const back = await transferDatabase(mongo.db, postgres, { batchSize: 7 });
    assert.ok(allMatch(back), verificationTable(back));
    const labels = async (db: DatabaseManager, name: string) => (await db.em.fork().findOneOrFail(Title, { name }, { populate: ['genres'] })).genres.getItems().map(g => g.label).sort();
    for (const db of [mongo.db, postgres]) {
      assert.equal(await labels(db, 'Title 0.0'), ['essays', 'novels', 'poetry']);
      assert.equal(await labels(db, 'Title 0.1'), []);
      assert.equal(await labels(db, 'Title 7.1'), ['novels'], 'the seed gives Title i.j the genre (i + j) % 3');
    }
  } finally {
    await sqlite.shutdown();
    await postgres.shutdown();
    await mongo.drop();
    await a.drop();
    await c.drop();
  }
});

test('a MongoDB export carries its many-to-many arrays as the pivot table, and imports into SQLite', async () => {
  const [a, b] = [await sqliteTarget.create(), await sqliteTarget.create()];
  const source = await openPortable(a.config, 'update', PORTABLE_MODELS);
  const mongo = await mongoDatabase(PORTABLE_MODELS);
  const sqlite = await openPortable(b.config, 'none', PORTABLE_MODELS);
  try {
    // Seeded through SQL: the portable models' integer keys are autoincremented, which MongoDB is not.
    await seedPortableData(source, 15);
    assert.ok(allMatch(await transferDatabase(source, mongo.db, { batchSize: 4 })));
    const out = join(mkdtempSync(join(tmpdir(), 'farm-mongo-export-')), 'snap');
    const manifest = await exportSnapshot(mongo.db, out, { batchSize: 4 });
    assert.equal(manifest.models.find(m => m.name === 'title_genres')?.count, 30);
    const rows = await importSnapshot(sqlite, out, { batchSize: 4 });
    assert.ok(allMatch(rows), verificationTable(rows));
    const title = await sqlite.em.findOneOrFail(Title, { name: 'Title 4.1' }, { populate: ['genres'] });
    assert.equal(title.genres.getItems().map(g => g.label), ['novels'], 'the seed gives Title i.j the genre (i + j) % 3');
  } finally {
    await source.shutdown();
    await sqlite.shutdown();
    await mongo.drop();
    await a.drop();
    await b.drop();
  }
});

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
    const out = join(mkdtempSync(join(tmpdir(), 'farm-mongo-export-')), 'snap');
    const exported = await exportSnapshot(mongo, out).then(() => undefined, (e: Error) => e);
    assert.match(exported?.message ?? '', 'Playlist.songs cannot be exported');
    assert.not.ok(existsSync(out));
  }, ORDERED_MODELS));

offline.run();
