import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase } from '../../testing/index.ts';
import { sqliteFile } from '../../testing/servers/sqlite.ts';
import { Author, MODELS } from '../support/models.ts';

test('createTestDatabase [sqlite]: memory: true gives an in-memory database with the schema, and no file', async () => {
  const database = await createTestDatabase({ config: { type: 'sqlite', url: 'file:app.db' }, models: MODELS, memory: true });
  try {
    assert.is(database.config.url, ':memory:');
    await database.db.transaction(async em => void em.create(Author, { name: 'Ada', email: 'ada@example.com' }));
    assert.is(await database.db.em.count(Author), 1);
    assert.not.ok(existsSync(sqliteFile(database.name)));
  } finally {
    await database.drop();
  }
});

test.run();
