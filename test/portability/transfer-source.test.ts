import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defineEntity, p, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { storedProperties } from '../../portability/models.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { SQL_TARGETS, sqliteTarget } from '../support/databases.ts';
import { openPortable } from '../support/portable-project.ts';

// Every kind of column a plain model has, most of them nullable, a reference, and a lazy text.
const Shelf = defineEntity({ name: 'Shelf', properties: { code: p.string().primary(), floor: p.integer() } });
const Item = defineEntity({
  name: 'Item',
  properties: {
    id: p.integer().primary(),
    label: p.string(),
    note: p.text().nullable().lazy(),
    big: p.bigint().nullable(),
    ratio: p.double().nullable(),
    price: p.decimal().precision(10).scale(2).nullable(),
    active: p.boolean().nullable(),
    seenAt: p.datetime().length(3).nullable(),
    day: p.date().nullable(),
    settings: p.json<{ tags: string[] }>().nullable(),
    kind: p.enum(['a', 'b']).nullable(),
    shelf: () => p.manyToOne(Shelf).nullable(),
  },
});
const MODELS = [Shelf, Item];

async function seed(db: DatabaseManager): Promise<void> {
  const em = db.em.fork();
  em.create(Shelf, { code: 'A', floor: 1 });
  for (let i = 1; i <= 30; i++) {
    const some = i % 3 !== 0;
    em.create(Item, {
      id: i,
      label: `label ${i}`,
      note: some ? `note ${i}` : null,
      big: some ? 2n ** 62n - BigInt(i) : null,
      ratio: some ? i / 7 : null,
      price: some ? `${i}.10` : null,
      active: some ? i % 2 === 0 : null,
      seenAt: some ? new Date(1_700_000_000_000 + i * 1001) : null,
      day: some ? '2024-02-29' : null,
      settings: some ? { tags: [`t${i}`] } : null,
      kind: some ? 'b' : null,
      shelf: some ? 'A' : null,
    });
  }
  await em.flush();
}

/** What MikroORM's own mapper makes of the same rows (driver.find, every column selected). */
async function mikroOrmRows(db: DatabaseManager, meta: EntityMetadata): Promise<Record<string, unknown>[]> {
  const fields = storedProperties(meta).map(prop => prop.name);
  return (await db.orm.em.getDriver().find(meta.class, {}, { orderBy: { id: 'asc' } as never, fields: fields as never })) as Record<string, unknown>[];
}

// MySQL/MariaDB transfers read doubles as their exact text (mysql-transfer-source.ts), which the codec makes numbers of.
const asRead = (value: unknown, prop: EntityProperty) =>
  /^double/.test(String(prop.columnTypes[0])) && typeof value === 'string' ? Number(value) : value;
const pick = (rows: Record<string, unknown>[], meta: EntityMetadata) =>
  rows.map(row => Object.fromEntries(storedProperties(meta).map(prop => [prop.name, asRead(row[prop.name], prop)])));

for (const target of SQL_TARGETS) {
  const test = suite(`${target.name}: a transfer reads each row as MikroORM's own mapper makes it`);

  test('every kind of column, nulls, a reference and a lazy property: the same values, in pages', async () => {
    const made = await target.create();
    const db = await openPortable(made.config, 'update', MODELS);
    try {
      await seed(db);
      const meta = db.orm.getMetadata().get(Item);
      const read: Record<string, unknown>[] = [];
      for (let after: Record<string, unknown> | undefined, page; (page = await db.transferSource().page(meta, { after, limit: 7 })).length > 0; ) {
        read.push(...page);
        after = { id: page.at(-1)!.id };
      }
      assert.equal(pick(read, meta), pick(await mikroOrmRows(db, meta), meta));
      assert.is(read.filter(row => row.note !== null && row.note !== undefined).length, 20, 'the lazy property is read');
    } finally {
      await db.shutdown();
      await made.drop();
    }
  });

  test.run();
}

const sqlite = suite('sqlite: dates another program stored as text are read as MikroORM reads them');

sqlite('ISO text with an offset, with Z, and without either', async () => {
  const made = await sqliteTarget.create();
  const db = await openPortable(made.config, 'update', MODELS);
  try {
    const insert = (id: number, seenAt: string) => db.em.getConnection().execute(`insert into item (id, label, seen_at) values (${id}, 'x', '${seenAt}')`);
    await insert(1, '2024-01-02T03:04:05.006Z');
    await insert(2, '2024-01-02T03:04:05.006+02:00');
    await insert(3, '2024-01-02 03:04:05');
    const meta = db.orm.getMetadata().get(Item);
    const read = await db.transferSource().page(meta, { limit: 10 });
    assert.equal(pick(read, meta), pick(await mikroOrmRows(db, meta), meta));
    assert.ok(read.every(row => row.seenAt instanceof Date), 'each a Date');
  } finally {
    await db.shutdown();
    await made.drop();
  }
});

sqlite.run();
