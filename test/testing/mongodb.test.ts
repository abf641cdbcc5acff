import * as assert from 'uvu/assert';
import { createTestDatabase, rollbackEach } from '../../testing/index.ts';
import { optionalSuite } from '../support/optional-suite.ts';
import { Author, MODELS } from '../support/models.ts';

const { test, url } = optionalSuite('createTestDatabase [mongodb]', 'FARM_TEST_MONGODB_URL', {});

test('gives a database of its own, rolled back per test, dropped at the end', async () => {
  const database = await createTestDatabase({ config: { type: 'mongodb', url: url! }, models: MODELS });
  try {
    assert.match(database.name, /^farm_test_[0-9a-f]{4}_\d+_\d+$/);
    await database.db.transaction(async em => void em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
    assert.is(await database.db.em.count(Author), 1);
  } finally {
    await database.drop();
  }
});

test('rollbackEach undoes a test on a replica set', async () => {
  const database = await createTestDatabase({ config: { type: 'mongodb', url: url! }, models: MODELS });
  try {
    const tx = rollbackEach(database);
    await tx.begin();
    await database.db.transaction(async em => void em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
    await tx.rollback();
    assert.is(await database.db.em.count(Author), 0);
  } finally {
    await database.drop();
  }
});

test.run();
