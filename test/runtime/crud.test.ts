import * as assert from 'uvu/assert';
import { SQL_TARGETS } from '../support/databases.ts';
import { Author, Book } from '../support/models.ts';
import { databaseSuite } from '../support/suite.ts';

for (const target of SQL_TARGETS) {
  const test = databaseSuite('CRUD through registered models', target);

  test('creates a record and reads it back', async ({ db }) => {
    const created = await db.transaction(async em => em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
    const found = await db.em.findOneOrFail(Author, created.id);
    assert.is(found.name, 'Ada');
    assert.ok(found.createdAt instanceof Date);
  });

  test('updates a record and bumps updatedAt', async ({ db }) => {
    const author = await db.transaction(async em => em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
    const before = author.updatedAt.getTime();
    await new Promise(resolve => setTimeout(resolve, 20));
    await db.transaction(async em => {
      const loaded = await em.findOneOrFail(Author, author.id);
      loaded.name = 'Ada Lovelace';
    });
    const after = await db.em.findOneOrFail(Author, author.id);
    assert.is(after.name, 'Ada Lovelace');
    assert.ok(after.updatedAt.getTime() > before, 'updatedAt moved forward');
  });

  test('deletes a record', async ({ db }) => {
    const author = await db.transaction(async em => em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
    await db.transaction(async em => em.remove(await em.findOneOrFail(Author, author.id)));
    assert.is(await db.em.count(Author, {}), 0);
  });

  test('follows a relation both ways', async ({ db }) => {
    const author = await db.transaction(async em => {
      const a = em.create(Author, { name: 'Ada', email: 'ada@example.com' });
      em.create(Book, { title: 'Notes', pages: 12, author: a });
      em.create(Book, { title: 'Sketches', pages: 30, author: a });
      return a;
    });
    const books = await db.em.find(Book, { author: author.id }, { orderBy: { title: 'asc' } });
    assert.equal(books.map(b => b.title), ['Notes', 'Sketches']);
    const loaded = await db.em.findOneOrFail(Author, author.id, { populate: ['books'] });
    assert.is(loaded.books.length, 2);
  });

  test('enforces a unique constraint from the model', async ({ db }) => {
    await db.transaction(async em => em.create(Author, { name: 'Ada', email: 'same@example.com' }));
    let failed = false;
    try {
      await db.transaction(async em => em.create(Author, { name: 'Bob', email: 'same@example.com' }));
    } catch {
      failed = true;
    }
    assert.ok(failed, 'second insert with the same email failed');
    assert.is(await db.em.count(Author, {}), 1);
  });

  test.run();
}
