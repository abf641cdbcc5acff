import { defineEntity, p } from '@mikro-orm/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AdminConnection, pointAt } from '../../testing/admin.ts';
import { createTestDatabase } from '../../testing/index.ts';
import { MODELS } from '../support/models.ts';
import { TESTING_TARGETS } from './support/servers.ts';

const target = TESTING_TARGETS.find(entry => entry.name === 'postgresql')!;
const s = suite('createTestDatabase [postgresql]: template database');

async function templates(): Promise<string[]> {
  const connection = await AdminConnection.open(pointAt(target.config, 'postgres'));
  try {
    const rows = await connection.query(`select datname from pg_database where datname like 'farm\\_test\\_tpl\\_%' order by datname`);
    return rows.map(row => String(row.datname));
  } finally {
    await connection.close();
  }
}

s('copies every worker database from one template built once for the schema', async () => {
  const first = await createTestDatabase({ config: target.config, models: MODELS });
  const after = await templates();
  const second = await createTestDatabase({ config: target.config, models: MODELS });
  try {
    assert.is(after.length >= 1, true);
    assert.equal(await templates(), after, 'the second worker reuses the template');
  } finally {
    await Promise.all([first.drop(), second.drop()]);
  }
});

s('builds a new template when the schema changes', async () => {
  const before = await createTestDatabase({ config: target.config, models: MODELS });
  const old = await templates();
  await before.drop();
  const Tag = defineEntity({ name: 'Tag', properties: { id: p.integer().primary(), label: p.string() } });
  const changed = await createTestDatabase({ config: target.config, models: [...MODELS, Tag] });
  try {
    const now = await templates();
    assert.is.not(now.join(), old.join());
    await changed.db.transaction(async em => void em.create(Tag, { id: 1, label: 'new table is there' }));
  } finally {
    await changed.drop();
  }
});

s.run();
