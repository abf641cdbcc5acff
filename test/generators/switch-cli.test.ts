import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { parseDocument } from 'yaml';
import { tempDir } from '../support/temp-dirs.ts';
import { postgresTarget, type TestDatabase } from '../support/databases.ts';
import { spawn, spawnSync } from 'node:child_process';
import { copyFixture, farm, REPO, snapshot } from '../support/generated-project.ts';

const cli = suite('farm db switch, export and import on a generated project');

/** A SQLite project with its table made by a migration and `rows` example records. */
function sqliteProjectWithData(rows: number): string {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  assert.is(farm(['db', 'migrate', '--create', 'init'], dir).code, 0);
  assert.is(farm(['db', 'migrate'], dir).code, 0);
  const db = new DatabaseSync(join(dir, 'data/app.db'));
  const insert = db.prepare('insert into example (id, created_at, updated_at, name) values (?, ?, ?, ?)');
  db.exec('begin');
  for (let i = 0; i < rows; i++) insert.run(randomUUID(), Date.now(), Date.now(), `row ${i}`);
  db.exec('commit');
  db.close();
  return dir;
}

async function pgCount(database: TestDatabase, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: String(database.config.url) });
  await client.connect();
  try {
    return Number((await client.query(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

cli('switch --migrate moves the data to PostgreSQL, verifies it, then repoints the project', async () => {
  const dir = sqliteProjectWithData(40);
  const database = await postgresTarget.create();
  try {
    const result = farm(['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--migrate', '--yes', '--skip-install'], dir);
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /Example\s+40\s+40\s+equal/);
    assert.match(result.stdout, /baseline Migration\d{14}_baseline_postgresql\.ts/);
    assert.is(await pgCount(database, 'select count(*) as n from example'), 40);
    assert.match(readFileSync(join(dir, 'farm.config.ts'), 'utf8'), "type: 'postgresql'");
    const env = readFileSync(join(dir, '.env'), 'utf8');
    assert.match(env, `DATABASE_URL=${database.config.url}`);
    assert.match(env, '# DATABASE_URL=file:./data/app.db', 'the old value is kept, commented');
    assert.is(farm(['db', 'migrate', '--check'], dir).code, 0, 'the new database matches the models');
    assert.match(farm(['db', 'migrate', '--status'], dir).stdout, /applied .*_init[\s\S]*applied .*_baseline_postgresql/);

    // The same command again: the switch is done, so it moves nothing and changes nothing.
    const before = snapshot(dir);
    const switchAgain = () => farm(['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--migrate', '--yes', '--skip-install'], dir);
    const again = switchAgain();
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, 'nothing to change');
    assert.equal(snapshot(dir), before);
    // With a file to mend (the driver package taken out of package.json), the file is mended and
    // still no data moves: the database it would move to is the one it reads from.
    const packageJson = join(dir, 'package.json');
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
    delete pkg.dependencies['@mikro-orm/postgresql'];
    writeFileSync(packageJson, `${JSON.stringify(pkg, null, 2)}\n`);
    const mended = switchAgain();
    assert.is(mended.code, 0, mended.stderr);
    assert.match(mended.stdout, 'The data is already in this database: nothing to move.');
    assert.ok(JSON.parse(readFileSync(packageJson, 'utf8')).dependencies['@mikro-orm/postgresql']);
    assert.is(await pgCount(database, 'select count(*) as n from example'), 40);
  } finally {
    await database.drop();
  }
});

cli('switch --migrate into a database that already holds rows is refused unless --replace', async () => {
  const database = await postgresTarget.create();
  try {
    const first = sqliteProjectWithData(5);
    const args = ['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--migrate', '--yes', '--skip-install'];
    assert.is(farm(args, first).code, 0);
    const second = sqliteProjectWithData(3);
    const before = snapshot(second);
    const refused = farm(args, second);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /already holds Example rows[\s\S]*--replace/);
    assert.equal(snapshot(second), before, 'the project still points to its old database');
    const replaced = farm([...args, '--replace'], second);
    assert.is(replaced.code, 0, replaced.stderr);
    assert.match(replaced.stdout, /Example\s+3\s+3\s+equal/);
    assert.is(await pgCount(database, 'select count(*) as n from example'), 3);
  } finally {
    await database.drop();
  }
});

cli('switch (without --migrate) adds the new compose service beside the old one, and a re-run changes nothing', () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir).code, 0);
  const services = () => {
    const doc = parseDocument(readFileSync(join(dir, 'compose.yaml'), 'utf8'));
    assert.equal(doc.errors, []);
    return Object.keys(doc.toJSON().services).sort();
  };
  const before = services();
  assert.is(before.length, 1);
  const switched = farm(['db', 'switch', '--type', 'mysql', '--yes', '--skip-install'], dir);
  assert.is(switched.code, 0, switched.stderr);
  const after = services();
  assert.is(after.length, 2, after.join(', '));
  assert.ok(after.includes(before[0]!), `the ${before[0]} service stays`);
  assert.match(readFileSync(join(dir, 'farm.config.ts'), 'utf8'), "type: 'mysql'");
  const files = snapshot(dir);
  const again = farm(['db', 'switch', '--type', 'mysql', '--yes', '--skip-install'], dir);
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, 'nothing to change');
  assert.equal(snapshot(dir), files);
});

cli('a switch whose verification finds different data exits 1, shows the table and changes nothing', async () => {
  const dir = sqliteProjectWithData(12);
  const database = await postgresTarget.create();
  const client = new pg.Client({ connectionString: String(database.config.url) });
  await client.connect();
  try {
    // The target rewrites what it is given: every stored name differs from the source's.
    await client.query('create table example (id varchar(255) primary key, created_at timestamptz not null, updated_at timestamptz not null, name varchar(255) not null)');
    await client.query("create function shout() returns trigger as $$ begin new.name := upper(new.name); return new; end $$ language plpgsql");
    await client.query('create trigger shout before insert on example for each row execute function shout()');
    const before = snapshot(dir);
    const result = farm(['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--migrate', '--yes', '--skip-install'], dir);
    assert.is(result.code, 1);
    assert.match(result.stderr, 'the data in PostgreSQL differs from the source');
    assert.match(result.stderr, /Example\s+12\s+12\s+DIFFERENT/);
    assert.equal(snapshot(dir), before, 'the project still points to its old database');
  } finally {
    await client.end();
    await database.drop();
  }
});

cli('a switch whose data move fails changes nothing in the project', () => {
  const dir = sqliteProjectWithData(3);
  const before = snapshot(dir);
  const result = farm(['db', 'switch', '--type', 'postgresql', '--url', 'postgresql://postgres@127.0.0.1:1/none', '--migrate', '--yes', '--skip-install'], dir);
  assert.is(result.code, 1);
  assert.match(result.stderr, /could not connect to PostgreSQL at 127\.0\.0\.1:1/);
  assert.equal(snapshot(dir), before);
});

cli('switch --dry-run shows the diff, moves no data and writes nothing', () => {
  const dir = sqliteProjectWithData(3);
  const before = snapshot(dir);
  const result = farm(['db', 'switch', '--type', 'mysql', '--migrate', '--dry-run'], dir);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /\+\s+type: 'mysql'/);
  assert.match(result.stdout, 'no data was moved');
  assert.equal(snapshot(dir), before);
});

cli('export, then import into another database, then both agree', async () => {
  const dir = sqliteProjectWithData(25);
  const out = join(tempDir('farm-cli-snapshot-'), 'snap');
  const exported = farm(['db', 'export', '--out', out], dir);
  assert.is(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, 'exported Example 25');
  assert.match(exported.stderr, /Example: 25\/25 rows, \d+ rows\/s, done in \d+\.\d s/, 'plain progress lines without a terminal');
  const database = await postgresTarget.create();
  try {
    assert.is(farm(['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--yes', '--skip-install'], dir).code, 0);
    const imported = farm(['db', 'import', out], dir);
    assert.is(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Example\s+25\s+25\s+equal/);
    assert.match(imported.stderr, /Example \(verify\): 25\/25 rows, \d+ rows\/s, done in/, 'the verification pass reports its progress too');
    assert.is(await pgCount(database, 'select count(*) as n from example'), 25);
    const again = farm(['db', 'import', out], dir);
    assert.is(again.code, 1, 'a second import into the filled database is refused');
    assert.match(again.stderr, /already holds Example rows[\s\S]*--replace/);
  } finally {
    await database.drop();
  }
});

cli('on a terminal, long work shows a progress bar per model', () => {
  const dir = sqliteProjectWithData(30);
  const out = join(tempDir('farm-cli-snapshot-'), 'snap');
  // script(1) gives the command a real pseudo-terminal.
  const command = [process.execPath, join(REPO, 'bin/farm.ts'), 'db', 'export', '--out', out].map(a => `'${a}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(result.status, 0, result.stdout + result.stderr);
  // (The line is cut at the pseudo-terminal's 80 columns.)
  assert.match(result.stdout, /Example\s+\[█+\] 30\/30 rows \| \d+/);
});

cli('export or switch --migrate before any table exists says to make the schema, and writes nothing', () => {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  // Opening SQLite makes its (empty) file, as the app's first start would: only the project's own files count.
  const projectFiles = () => new Map([...snapshot(dir)].filter(([path]) => !path.startsWith('data/')));
  const before = projectFiles();
  const out = join(tempDir('farm-cli-snapshot-'), 'snap');
  for (const args of [['db', 'export', '--out', out], ['db', 'switch', '--type', 'postgresql', '--url', 'postgresql://postgres@127.0.0.1:5432/test', '--migrate', '--yes', '--skip-install']]) {
    const result = farm(args, dir);
    assert.is(result.code, 1, args.join(' '));
    assert.match(result.stderr, 'the database has no table for Example (example)');
    assert.match(result.stderr, 'farm db migrate');
    assert.not.match(result.stderr, 'TableNotFoundException', 'no driver stack trace');
  }
  assert.not.ok(existsSync(out));
  assert.equal(projectFiles(), before);
});

cli('Ctrl-C during a progress bar gives the terminal its cursor back and still stops the command', () => {
  const command = `'${process.execPath}' '${join(REPO, 'test/support/progress-signal-probe.ts')}'`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.match(result.stdout, '\x1b[?25l', 'the bar hid the cursor');
  assert.match(result.stdout.slice(result.stdout.lastIndexOf('\x1b[?25l')), '\x1b[?25h', 'and showed it again, also during a second pass');
  assert.not.match(result.stdout, 'STILL ALIVE');
  assert.is.not(result.status, 0);
});

cli('importing a damaged snapshot exits 1 and says what is wrong', () => {
  const dir = sqliteProjectWithData(5);
  const out = join(tempDir('farm-cli-snapshot-'), 'snap');
  assert.is(farm(['db', 'export', '--out', out], dir).code, 0);
  writeFileSync(join(out, 'Example.jsonl'), readFileSync(join(out, 'Example.jsonl'), 'utf8').replace('row 1', 'row X'));
  const result = farm(['db', 'import', out, '--replace'], dir);
  assert.is(result.code, 1);
  assert.match(result.stderr, 'Example.jsonl does not match its checksum in the manifest');
});

cli('farm db import killed with SIGKILL midway resumes when run again: nothing lost, nothing twice', async () => {
  const rows = 50_000;
  const dir = sqliteProjectWithData(rows);
  const out = join(tempDir('farm-cli-snapshot-'), 'snap');
  assert.is(farm(['db', 'export', '--out', out], dir).code, 0);
  const database = await postgresTarget.create();
  try {
    assert.is(farm(['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--yes', '--skip-install'], dir).code, 0);
    // The pid spawn() returns is the process that loads: the CLI relaunches itself in place.
    const child = spawn(process.execPath, [join(REPO, 'bin/farm.ts'), 'db', 'import', out], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise(resolve => child.on('close', resolve));
    let stored = 0;
    for (let i = 0; i < 1500 && stored === 0; i++) {
      await new Promise(resolve => setTimeout(resolve, 20));
      stored = await pgCount(database, 'select count(*) as n from example').catch(() => 0);
    }
    assert.is(child.exitCode, null, 'still importing when killed');
    child.kill('SIGKILL');
    await exited;
    const atKill = await pgCount(database, 'select count(*) as n from example');
    assert.ok(atKill > 0 && atKill < rows, `killed with ${atKill} of ${rows} rows stored`);

    const resumed = farm(['db', 'import', out], dir);
    assert.is(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`Example\\s+${rows}\\s+${rows}\\s+equal`));
    assert.is(await pgCount(database, 'select count(*) as n from example'), rows);
  } finally {
    await database.drop();
  }
});

cli.run();
