import { DatabaseSync } from 'node:sqlite';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { transferDatabase } from '../../portability/index.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { postgresTarget, sqliteTarget } from '../support/databases.ts';
import { seedPortableData } from '../support/portable-data.ts';
import { withPair } from '../support/portable-project.ts';

const test = suite("a load into PostgreSQL checks foreign keys once, after the rows are in, and always puts them back");

interface Constraint {
  table: string;
  name: string;
  definition: string;
  validated: boolean;
}

async function foreignKeys(db: DatabaseManager): Promise<Constraint[]> {
  return (await db.em.getConnection().execute(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition, convalidated as validated
     from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace order by 1, 2`,
  )) as Constraint[];
}

/**
 * Points one title of the SQLite source at a writer that does not exist. SQLite enforces foreign keys only when
 * asked, so a file written without them can hold such a row. Returns the connection it wrote on (foreign keys off).
 */
function danglingTitle(source: DatabaseManager): DatabaseSync {
  const file = new DatabaseSync(String(source.orm.config.get('dbName')));
  file.exec('pragma foreign_keys = off');
  file.exec("update title set writer_id = 'nobody' where rowid = (select min(rowid) from title)");
  return file;
}

test('after the move every foreign key the schema makes is there, as defined, and validated', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 40);
    await target.orm.schema.update({ safe: true });
    const defined = await foreignKeys(target);
    assert.ok(defined.length >= 3, `${defined.length} foreign keys in the schema`);
    const rows = await transferDatabase(source, target, { batchSize: 15 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.equal(await foreignKeys(target), defined);
  }));

test('a source row that points at nothing stops the move, naming the constraint; the constraint stays and holds for new rows', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 10);
    danglingTitle(source).close();
    const error = await transferDatabase(source, target, { batchSize: 5 }).then(() => undefined, (e: Error) => e);
    assert.ok(error, 'the move went through');
    assert.match(error.message, 'title holds rows that point at nothing: foreign key title_writer_id_foreign');
    assert.match(error.message, 'Key (writer_id)=(nobody) is not present in table "writer"');
    assert.match(error.message, 'Fix: fix or delete those rows in the source, then run the command again with --replace');
    const kept = (await foreignKeys(target)).find(key => key.name === 'title_writer_id_foreign');
    assert.ok(kept, 'the constraint is back');
    const insert = target.em.getConnection().execute("insert into title (id, name, pages, price, writer_id) values ('t-new', 'x', 1, 1, 'nobody')");
    await insert.then(() => assert.unreachable('a new dangling row was accepted'), (e: Error) => assert.match(e.message, 'title_writer_id_foreign'));
  }));

test('a load killed after the keys were set aside is repaired by the next run: the keys are back when it ends', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 20);
    await target.orm.schema.update({ safe: true });
    const defined = await foreignKeys(target);
    // What a kill -9 between beforeLoad and afterLoad leaves: the keys dropped, never added back.
    for (const key of defined) await target.em.getConnection().execute(`alter table ${key.table} drop constraint "${key.name}"`);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.ok(rows.every(r => r.checksumsMatch), JSON.stringify(rows));
    assert.equal(await foreignKeys(target), defined);
  }));

test('a load that fails midway puts the keys back before its error is reported', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 20);
    await target.orm.schema.update({ safe: true });
    const defined = await foreignKeys(target);
    const sink = target.transferTarget();
    const loadBatch = sink.loadBatch.bind(sink);
    sink.loadBatch = async (meta, rows, progress) => {
      if (meta.className === 'Title') throw new Error('connection lost while loading Title');
      return loadBatch(meta, rows, progress);
    };
    const error = await transferDatabase(source, target, { batchSize: 10 }).then(() => undefined, (e: Error) => e);
    assert.match(String(error?.message), 'connection lost while loading Title');
    assert.equal(await foreignKeys(target), defined);
  }));

test('once the source is fixed, the same move with --replace starts over and passes (nothing to repair by hand)', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 10);
    const file = danglingTitle(source);
    await transferDatabase(source, target, { batchSize: 5 }).then(() => assert.unreachable('the move went through'), () => undefined);
    file.exec("delete from title_genres where title_id in (select id from title where writer_id = 'nobody')");
    file.exec("delete from title where writer_id = 'nobody'");
    file.close();
    const refused = await transferDatabase(source, target, { batchSize: 5 }).then(() => undefined, (e: Error) => e);
    assert.match(String(refused?.message), 'the target database already holds');
    const rows = await transferDatabase(source, target, { batchSize: 5, replace: true });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.ok((await foreignKeys(target)).every(key => key.validated));
  }));

test.run();
