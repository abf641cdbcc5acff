import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { mariadbTarget } from '../support/databases.ts';
import { REPO } from '../support/generated-project.ts';
import { NoteV1 } from '../support/migration-models.ts';
import { migrationsFolder, openForMigrations } from '../support/migration-project.ts';

/** A hand-written migration: data statements after DDL, as MySQL commits them one by one. */
const migration = (name: string, statements: string[]) => `import { Migration } from 'farm-db/migrations';

export class ${name} extends Migration {
  override name = '${name}';

  override async up(): Promise<void> {
${statements.map(sql => `    this.addSql(\`${sql}\`);`).join('\n')}
  }
}
`;

const LEDGER = [
  'create table if not exists ledger (id int, note varchar(20))',
  "insert into ledger (id, note) values (1, 'first')",
  'select sleep(0.2)',
  'create table if not exists audit (id int)',
  "insert into ledger (id, note) values (2, 'second')",
  'select sleep(0.2)',
  'insert into audit (id) values (1)',
];

const ids = async (db: DatabaseManager, table: string) =>
  ((await db.em.getConnection().execute(`select id from ${table} order by id`)) as { id: number }[]).map(row => Number(row.id));

function migrateInAnotherProcess(config: object, dir: string): Promise<number | null> {
  const child = spawn(process.execPath, [join(REPO, 'test/support/migrate-dir-worker.ts'), JSON.stringify(config), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise(resolve => child.on('exit', resolve));
}

const test = suite('MySQL/MariaDB: a re-run after a crash or a failure never repeats a committed statement [mariadb]');

test('killed with SIGKILL at random moments of a migration (x8), the re-run leaves every insert applied once', async () => {
  let midway = 0;
  for (let run = 0; run < 8; run++) {
    const database = await mariadbTarget.create({ pool: { acquireTimeoutMs: 30_000 } });
    const dir = migrationsFolder();
    try {
      writeFileSync(join(dir, 'Migration20260101000000_ledger.ts'), migration('Migration20260101000000_ledger', LEDGER));
      const child = spawn(process.execPath, [join(REPO, 'test/support/migrate-dir-worker.ts'), JSON.stringify(database.config), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      // Listened for from the start: the worker may finish its migration before the kill comes.
      const exited = new Promise(resolve => child.once('exit', resolve));
      await Promise.race([new Promise<void>(resolve => child.stdout.once('data', () => resolve())), exited]);
      await new Promise(resolve => setTimeout(resolve, 50 + Math.random() * 500));
      child.kill('SIGKILL');
      await exited;
      const db = await openForMigrations(database.config, dir, [NoteV1]);
      try {
        const tables = "select count(*) as n from information_schema.tables where table_schema = database() and table_name = 'ledger'";
        const before = (await db.em.getConnection().execute(tables)) as { n: number }[];
        if (Number(before[0]!.n) > 0 && (await db.migrations().then(m => m.status())).some(s => !s.applied)) midway++;
        await db.migrate();
        assert.equal(await ids(db, 'ledger'), [1, 2], `run ${run}: each ledger row once`);
        assert.equal(await ids(db, 'audit'), [1], `run ${run}: the audit row once`);
        assert.equal((await (await db.migrations()).status()).map(s => s.applied), [true]);
      } finally {
        await db.shutdown();
      }
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(midway >= 1, `at least one kill landed after the migration's first DDL (${midway} of 8)`);
});

test('a migration that failed part-way resumes at the failing statement once fixed: what committed is not run again', async () => {
  const database = await mariadbTarget.create();
  const dir = migrationsFolder();
  const file = join(dir, 'Migration20260101000000_ledger.ts');
  const db = await openForMigrations(database.config, dir, [NoteV1]);
  try {
    const broken = ['create table if not exists ledger (id int, note varchar(20))', "insert into ledger (id, note) values (1, 'first')", 'insert into no_such_table (id) values (1)'];
    writeFileSync(file, migration('Migration20260101000000_ledger', broken));
    const error = await db.migrate().then(() => undefined, (e: Error) => e);
    assert.match(error?.message ?? '', 'the first 2 statement(s) of Migration20260101000000_ledger committed');
    assert.match(error!.message, 'resumes it at the failing statement');
    writeFileSync(file, migration('Migration20260101000000_ledger', [...broken.slice(0, 2), "insert into ledger (id, note) values (2, 'second')"]));
    // The next run is a new process, as `farm db migrate` is (this one keeps the old module loaded).
    assert.is(await migrateInAnotherProcess(database.config, dir), 0);
    assert.equal(await ids(db, 'ledger'), [1, 2]);
    assert.equal((await (await db.migrations()).status()).map(s => s.applied), [true]);
  } finally {
    await db.shutdown();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
