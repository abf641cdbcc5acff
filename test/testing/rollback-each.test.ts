import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, rollbackEach, type TestDatabase } from '../../testing/index.ts';
import { Author, MODELS } from '../support/models.ts';
import { TESTING_TARGETS } from './support/servers.ts';

for (const target of TESTING_TARGETS) {
  const s = suite<{ test: TestDatabase }>(`rollbackEach [${target.name}]`, {} as { test: TestDatabase });
  s.before(async context => {
    context.test = await createTestDatabase({ config: target.config, models: MODELS });
  });
  s.after(async context => {
    await context.test?.drop();
  });

  const addAuthor = (test: TestDatabase, email: string) =>
    test.db.transaction(async em => void em.create(Author, { name: email, email }));

  s('undoes what a test committed through db.transaction()', async ({ test }) => {
    const tx = rollbackEach(test);
    await tx.begin();
    await addAuthor(test, 'ada@example.com');
    assert.is(await test.db.em.count(Author), 1);
    await tx.rollback();
    assert.is(await test.db.em.count(Author), 0);
  });

  s('undoes writes flushed on db.em outside any transaction', async ({ test }) => {
    const tx = rollbackEach(test);
    await tx.begin();
    const em = test.db.em;
    em.create(Author, { name: 'Grace', email: 'grace@example.com' });
    await em.flush();
    await tx.rollback();
    assert.is(await test.db.em.count(Author), 0);
  });

  s("keeps the app's nested rollback semantics: a failed db.transaction() undoes only its own work", async ({ test }) => {
    const tx = rollbackEach(test);
    await tx.begin();
    try {
      await addAuthor(test, 'kept@example.com');
      await test.db
        .transaction(async em => {
          em.create(Author, { name: 'Lost', email: 'lost@example.com' });
          await em.flush();
          throw new Error('the code under test fails');
        })
        .catch(() => undefined);
      const emails = (await test.db.em.find(Author, {})).map(author => author.email);
      assert.equal(emails, ['kept@example.com']);
    } finally {
      await tx.rollback();
    }
  });

  s('leaves committed data of other tests alone: nothing is truncated', async ({ test }) => {
    await addAuthor(test, 'before@example.com'); // outside rollbackEach: really committed
    const tx = rollbackEach(test);
    await tx.begin();
    await addAuthor(test, 'during@example.com');
    await tx.rollback();
    const emails = (await test.db.em.find(Author, {})).map(author => author.email);
    assert.equal(emails, ['before@example.com']);
    await test.db.em.nativeDelete(Author, {});
  });

  s('registers itself as beforeEach/afterEach hooks when given them', async ({ test }) => {
    const registered: Record<string, () => Promise<void>> = {};
    rollbackEach(() => test, {
      beforeEach: fn => (registered.before = fn),
      afterEach: fn => (registered.after = fn),
    });
    await registered.before!();
    await addAuthor(test, 'hooked@example.com');
    await registered.after!();
    assert.is(await test.db.em.count(Author), 0);
  });

  s('refuses a second begin() without a rollback', async ({ test }) => {
    const tx = rollbackEach(test);
    await tx.begin();
    try {
      await tx.begin().then(
        () => assert.unreachable('a second begin() should be refused'),
        error => assert.match(String(error), /begin\(\) called twice/),
      );
    } finally {
      await tx.rollback();
    }
  });

  s.run();
}
