import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DatabaseManager, Model } from '../../runtime/manager.ts';
import { SQL_TARGETS, type TestDatabase } from '../support/databases.ts';
import { NoteV1, NoteV2 } from '../support/migration-models.ts';
import { migrationsFolder, openForMigrations } from '../support/migration-project.ts';

interface Context {
  database: TestDatabase;
  dir: string;
  open: DatabaseManager[];
}

const rows = async (db: DatabaseManager, sql: string) => (await db.em.getConnection().execute(sql)) as Record<string, unknown>[];

for (const target of SQL_TARGETS) {
  const test = suite<Context>(`SQL migrations [${target.name}]`, {} as Context);
  test.before.each(async context => {
    context.database = await target.create();
    context.dir = migrationsFolder();
    context.open = [];
  });
  test.after.each(async context => {
    for (const db of context.open) await db.shutdown();
    await context.database.drop();
  });
  const open = async (context: Context, models: Model[] = [NoteV1]) => {
    const db = await openForMigrations(context.database.config, context.dir, models);
    context.open.push(db);
    return db;
  };

  test('create writes a TypeScript migration with up and down from the models', async context => {
    const db = await open(context);
    const created = await (await db.migrations()).create({ name: 'notes' });
    assert.ok(created, 'a migration was created');
    assert.match(created!.file, /^Migration\d{14}_notes\.ts$/);
    const code = readFileSync(join(context.dir, created!.file), 'utf8');
    assert.match(code, "import { Migration } from 'farm-db/migrations';");
    assert.match(code, /create table \\?[`"]?note/);
    assert.match(code, /override async down\(\)/);
    assert.ok(readdirSync(context.dir).includes('.snapshot.json'), 'the snapshot is kept beside the migrations');
  });

  test('create with nothing changed writes nothing; --blank writes an empty migration', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    await migrations.create({ name: 'notes' });
    assert.is(await migrations.create({}), null);
    const blank = await migrations.create({ name: 'by_hand', blank: true });
    assert.match(readFileSync(join(context.dir, blank!.file), 'utf8'), /override async up\(\): Promise<void> \{\n    \/\/ this\.addSql/);
  });

  test('create, up, change the model, create, down one, up again: the data is kept', async context => {
    const v1 = await open(context);
    await (await v1.migrations()).create({ name: 'notes' });
    assert.is((await v1.migrate()).length, 1);
    await v1.transaction(async em => em.create(NoteV1, { id: 1, title: 'kept' }));
    await v1.shutdown();

    const v2 = await open(context, [NoteV2]);
    const migrations = await v2.migrations();
    const second = await migrations.create({ name: 'pinned' });
    assert.match(second!.up.join('\n'), /pinned/);
    const applied = await v2.migrate();
    assert.equal(applied, [second!.file.replace(/\.ts$/, '')]);
    assert.is((await rows(v2, 'select pinned from note'))[0]!.pinned ? 1 : 0, 0);

    assert.equal(await migrations.down(), [second!.file.replace(/\.ts$/, '')]);
    const statuses = await migrations.status();
    assert.equal(statuses.map(s => s.applied), [true, false]);
    await v2.migrate();
    const [note] = await rows(v2, 'select title, pinned from note');
    assert.is(note!.title, 'kept');
  });

  test('status lists applied migrations with timestamps, then pending ones', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    const first = await migrations.create({ name: 'notes' });
    await db.migrate();
    const blank = await migrations.create({ name: 'later', blank: true });
    const status = await migrations.status();
    assert.equal(status.map(s => [s.name, s.applied]), [[first!.file.replace('.ts', ''), true], [blank!.file.replace('.ts', ''), false]]);
    assert.ok(status[0]!.appliedAt instanceof Date && !Number.isNaN(status[0]!.appliedAt.getTime()));
  });

  test('down --steps and --to roll back the chosen migrations', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    const names: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const created = await migrations.create({ name, blank: true });
      writeFileSync(join(context.dir, created!.file), readFileSync(join(context.dir, created!.file), 'utf8').replace('// undo what up() does', '').replace("// this.addSql('...');", ''));
      names.push(created!.file.replace('.ts', ''));
    }
    await db.migrate();
    assert.equal(await migrations.down({ steps: 2 }), [names[2], names[1]]);
    await db.migrate();
    assert.equal(await migrations.down({ to: names[0] }), [names[2], names[1]]);
    assert.equal(await migrations.down({ to: '0' }), [names[0]]);
  });

  test('up --to a migration that does not exist is refused and applies nothing', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    await migrations.create({ name: 'notes' });
    const error = await db.migrate({ to: 'Migration20990101000000_typo' }).then(() => undefined, (e: Error) => e);
    assert.match(error?.message ?? '', 'no such migration');
    assert.equal((await migrations.status()).map(s => s.applied), [false]);
  });

  test('preview shows the SQL that would run and runs nothing', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    await migrations.create({ name: 'notes' });
    const [preview] = await migrations.preview('up');
    assert.match(preview!.statements.join('\n'), /create table [`"]?note/);
    assert.equal((await migrations.status()).map(s => s.applied), [false]);
    assert.equal(await migrations.drift() !== null, true);
    assert.ok((await migrations.drift()).some(sql => /create table [`"]?note/.test(sql)), 'the table is still missing');
  });

  test('drift is empty when the database matches the models, and names the difference when not', async context => {
    const v1 = await open(context);
    await (await v1.migrations()).create({ name: 'notes' });
    await v1.migrate();
    assert.equal(await (await v1.migrations()).drift(), []);
    await v1.shutdown();
    const v2 = await open(context, [NoteV2]);
    const drift = await (await v2.migrations()).drift();
    assert.ok(drift.some(sql => /pinned/.test(sql)), drift.join('\n'));
  });

  test('history records name, direction, time, duration and host of every run', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    const created = await migrations.create({ name: 'notes' });
    await db.migrate();
    await migrations.down();
    const history = await db.migrationHistory();
    const name = created!.file.replace('.ts', '');
    assert.equal(history.map(h => [h.name, h.direction]), [[name, 'up'], [name, 'down']]);
    for (const entry of history) {
      assert.ok(entry.appliedAt instanceof Date && Date.now() - entry.appliedAt.getTime() < 60_000, `appliedAt ${entry.appliedAt}`);
      assert.ok(entry.durationMs >= 0 && entry.host.length > 0);
    }
  });

  test('a failing migration names itself and its statement, and is recorded as not applied', async context => {
    const db = await open(context);
    const migrations = await db.migrations();
    const good = await migrations.create({ name: 'notes' });
    const bad = await migrations.create({ name: 'broken', blank: true });
    const file = join(context.dir, bad!.file);
    writeFileSync(file, readFileSync(file, 'utf8').replace("// this.addSql('...');", "this.addSql('alter table no_such_table add column x int');"));
    const error = await db.migrate().then(() => undefined, (e: Error) => e);
    assert.ok(error, 'the run failed');
    assert.match(error!.message, `migration ${bad!.file.replace('.ts', '')} failed at: alter table no_such_table add column x int`);
    assert.equal((await migrations.status()).find(s => s.name === bad!.file.replace('.ts', ''))!.applied, false);
    const failed = (await db.migrationHistory()).find(h => h.error);
    assert.is(failed?.name, bad!.file.replace('.ts', ''));
    if (target.name === 'mariadb') {
      assert.match(error!.message, 'DDL is not transactional');
    } else {
      // PostgreSQL and SQLite roll the whole run back: the first migration's table is gone too.
      assert.match(error!.message, 'rolled back');
      assert.equal((await migrations.status()).map(s => s.applied), [false, false]);
      assert.ok((await migrations.drift()).some(sql => /create table [`"]?note/.test(sql)), 'note was rolled back');
      void good;
    }
  });

  test.run();
}
