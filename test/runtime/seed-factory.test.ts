import * as assert from 'uvu/assert';
import { defineFactory } from '../../runtime/factory.ts';
import { SQL_TARGETS } from '../support/databases.ts';
import { Author, Book } from '../support/models.ts';
import { databaseSuite } from '../support/suite.ts';

for (const target of SQL_TARGETS) {
  const s = databaseSuite('defineFactory', target);
  const authors = () => defineFactory(Author, n => ({ name: `Author ${n}`, email: `author${n}@example.com` }));

  s('creates rows from the defaults, unique through the sequence number', async ({ db }) => {
    const factory = authors();
    await db.transaction(em => factory.createMany(em, 3));
    const emails = (await db.em.find(Author, {}, { orderBy: { email: 'asc' } })).map(author => author.email);
    assert.equal(emails, ['author1@example.com', 'author2@example.com', 'author3@example.com']);
  });

  s('overrides win over the defaults', async ({ db }) => {
    const factory = authors();
    const ada = await db.transaction(em => factory.create(em, { name: 'Ada' }));
    const stored = await db.em.findOneOrFail(Author, { id: ada.id });
    assert.is(stored.name, 'Ada');
    assert.is(stored.email, 'author1@example.com');
  });

  s('make() persists without flushing: the row appears with the next flush', async ({ db }) => {
    const books = defineFactory(Book, { title: 'Untitled' });
    const em = db.em;
    const author = authors().make(em);
    books.makeMany(em, 2, index => ({ author, pages: index + 10 }));
    assert.is(await db.em.count(Book), 0);
    await em.flush();
    assert.equal((await db.em.find(Book, {}, { orderBy: { pages: 'asc' } })).map(book => book.pages), [10, 11]);
  });

  s.run();
}
