import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SQL_TARGETS } from '../support/databases.ts';
import { REPO } from '../support/generated-project.ts';
import { migrationsFolder, openForMigrations } from '../support/migration-project.ts';
import { NoteV1 } from '../support/migration-models.ts';

/** A migration whose up() waits `delayMs` (inside the migration transaction, holding the lock) before its SQL. */
function slowMigration(stamp: string, name: string, sql: string, delayMs = 1000): string {
  return `import { Migration } from 'farm-db/migrations';

export class Migration${stamp}_${name} extends Migration {
  override name = 'Migration${stamp}_${name}';

  override async up(): Promise<void> {
    await new Promise(resolve => setTimeout(resolve, ${delayMs}));
    this.addSql(\`${sql}\`);
  }
}
`;
}

function migrateInAnotherProcess(config: object, dir: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [join(REPO, 'test/support/migrate-worker.ts'), JSON.stringify(config), dir]);
    let out = '';
    let err = '';
    child.stdout.on('data', chunk => (out += chunk));
    child.stderr.on('data', chunk => (err += chunk));
    child.on('close', code => resolve({ code, out, err }));
  });
}

for (const target of SQL_TARGETS) {
  const test = suite(`migrations from two processes at once [${target.name}]`);

  test('each migration is applied exactly once', async () => {
    const database = await target.create({ pool: { acquireTimeoutMs: 30_000 } });
    const dir = migrationsFolder();
    try {
      writeFileSync(join(dir, 'Migration20260101000000_runs.ts'), slowMigration('20260101000000', 'runs', 'create table runs (id int primary key)'));
      writeFileSync(join(dir, 'Migration20260101000001_once.ts'), slowMigration('20260101000001', 'once', 'insert into runs (id) values (1)'));
      const [a, b] = await Promise.all([migrateInAnotherProcess(database.config, dir), migrateInAnotherProcess(database.config, dir)]);
      assert.is(a.code, 0, a.err);
      assert.is(b.code, 0, b.err);
      const applied = [...JSON.parse(a.out), ...JSON.parse(b.out)].sort();
      assert.equal(applied, ['Migration20260101000000_runs', 'Migration20260101000001_once'], 'between them, each applied once');

      const db = await openForMigrations(database.config, dir, [NoteV1]);
      try {
        const rows = (await db.em.getConnection().execute('select count(*) as n from runs')) as { n: number }[];
        assert.is(Number(rows[0]!.n), 1);
        assert.equal((await db.migrationHistory()).map(h => h.name).sort(), applied);
      } finally {
        await db.shutdown();
      }
    } finally {
      await database.drop();
    }
  });

  test('a migrator killed while holding the lock does not block the next one', async () => {
    const database = await target.create({ pool: { acquireTimeoutMs: 30_000 } });
    const dir = migrationsFolder();
    try {
      writeFileSync(join(dir, 'Migration20260101000000_runs.ts'), slowMigration('20260101000000', 'runs', 'create table runs (id int primary key)', 60_000));
      const child = spawn(process.execPath, [join(REPO, 'test/support/migrate-worker.ts'), JSON.stringify(database.config), dir], { stdio: 'ignore' });
      const exited = new Promise(resolve => child.on('close', resolve));
      await new Promise(resolve => setTimeout(resolve, 2500)); // it holds the lock and sleeps in up()
      assert.is(child.exitCode, null, 'still migrating when killed');
      child.kill('SIGKILL');
      await exited;
      writeFileSync(join(dir, 'Migration20260101000000_runs.ts'), slowMigration('20260101000000', 'runs', 'create table runs (id int primary key)'));
      const started = Date.now();
      const next = await migrateInAnotherProcess(database.config, dir);
      assert.is(next.code, 0, next.err);
      assert.equal(JSON.parse(next.out), ['Migration20260101000000_runs']);
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    } finally {
      await database.drop();
    }
  });

  test.run();
}
