import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { SQL_TARGETS, type TestDatabase } from '../support/databases.ts';
import { NoteV1 } from '../support/migration-models.ts';
import { migrationsFolder, openForMigrations } from '../support/migration-project.ts';

interface Context {
  database: TestDatabase;
  dir: string;
  db: DatabaseManager;
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

for (const target of SQL_TARGETS) {
  const test = suite<Context>(`applied SQL migrations are checked against their checksums [${target.name}]`, {} as Context);
  test.before.each(async context => {
    context.database = await target.create();
    context.dir = migrationsFolder();
    context.db = await openForMigrations(context.database.config, context.dir, [NoteV1]);
  });
  test.after.each(async context => {
    await context.db.shutdown();
    await context.database.drop();
    rmSync(context.dir, { recursive: true, force: true });
  });

  /** One applied migration and one pending blank one. */
  const applyFirst = async ({ db }: Context) => {
    const migrations = await db.migrations();
    const first = (await migrations.create({ name: 'notes' }))!.file;
    await migrations.up();
    const second = (await migrations.create({ name: 'later', blank: true }))!.file;
    return { migrations, first, second, name: first.replace(/\.ts$/, '') };
  };

  test('an applied migration edited since it ran is an error naming it, for up, status and check; nothing runs', async context => {
    const { migrations, first, name } = await applyFirst(context);
    const file = join(context.dir, first);
    writeFileSync(file, readFileSync(file, 'utf8').replace('override async up(): Promise<void> {', 'override async up(): Promise<void> {\n    // edited after it ran'));
    for (const [what, run] of [['up', () => migrations.up()], ['status', () => migrations.status()], ['check', () => migrations.drift()]] as const) {
      const error = await failure(run());
      assert.ok(error, `${what} refuses`);
      assert.match(error!.message, `${name} was applied on`, what);
      assert.match(error!.message, 'has changed since', what);
    }
    const history = await context.db.migrationHistory();
    assert.is(history.filter(h => h.direction === 'up').length, 1, 'the pending migration did not run');
  });

  test('an applied migration renamed is an error naming both names, and is not applied again', async context => {
    const { migrations, first, name } = await applyFirst(context);
    const renamed = first.replace('_notes', '_notes_v2');
    renameSync(join(context.dir, first), join(context.dir, renamed));
    const error = await failure(migrations.up());
    assert.ok(error, 'up refuses');
    assert.match(error!.message, `${renamed.replace(/\.ts$/, '')} is ${name} renamed`);
    assert.ok(await failure(migrations.status()), 'status refuses too');
    assert.is((await context.db.migrationHistory()).filter(h => h.direction === 'up').length, 1, 'nothing ran again');
  });

  test('unchanged applied migrations pass: status lists them, the next migration applies', async context => {
    const { migrations, second } = await applyFirst(context);
    assert.equal(await migrations.up(), [second.replace(/\.ts$/, '')]);
    assert.equal((await migrations.status()).map(s => s.applied), [true, true]);
    assert.equal(await migrations.drift(), []);
  });

  test('a rolled-back migration may be edited and applied again', async context => {
    const { migrations, first, name } = await applyFirst(context);
    await migrations.down();
    const file = join(context.dir, first);
    writeFileSync(file, `${readFileSync(file, 'utf8')}// edited while rolled back\n`);
    const applied = await migrations.up();
    assert.equal(applied.slice(0, 1), [name]);
  });

  test.run();
}
