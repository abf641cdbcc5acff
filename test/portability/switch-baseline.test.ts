import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresTarget } from '../support/databases.ts';
import { copyFixture, farm, REPO } from '../support/generated-project.ts';

const test = suite('a switch killed after the project files were written still gets its baseline');

/** A SQLite project with its table made by a migration and a few rows. */
function sqliteProject(): string {
  const dir = copyFixture('express-esm');
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  assert.is(farm(['db', 'migrate', '--create', 'init'], dir).code, 0);
  assert.is(farm(['db', 'migrate'], dir).code, 0);
  const db = new DatabaseSync(join(dir, 'data/app.db'));
  const insert = db.prepare('insert into example (id, created_at, updated_at, name) values (?, ?, ?, ?)');
  for (let i = 0; i < 10; i++) insert.run(randomUUID(), Date.now(), Date.now(), `row ${i}`);
  db.close();
  return dir;
}

/** Package managers that say when they start, then hang: the switch is killed during its install. */
function hangingPackageManagers(): { bin: string; started: string } {
  const bin = mkdtempSync(join(tmpdir(), 'farm-hanging-install-'));
  const started = join(bin, 'install-started');
  for (const name of ['npm', 'pnpm', 'yarn']) {
    writeFileSync(join(bin, name), `#!/bin/sh\ntouch '${started}'\nexec sleep 120\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, started };
}

test('killed during the install that follows the commit: the re-run writes and records the baseline', async () => {
  const dir = sqliteProject();
  const database = await postgresTarget.create();
  const { bin, started } = hangingPackageManagers();
  const args = ['db', 'switch', '--type', 'postgresql', '--url', String(database.config.url), '--migrate', '--yes'];
  try {
    const child = spawn(process.execPath, [join(REPO, 'bin/farm.ts'), ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}` },
      stdio: 'ignore',
      detached: true, // its own process group: the hanging install dies with it
    });
    const exited = new Promise(resolve => child.on('close', resolve));
    for (let i = 0; i < 1200 && !existsSync(started) && child.exitCode === null; i++) await new Promise(resolve => setTimeout(resolve, 50));
    assert.ok(existsSync(started), 'the switch reached its install');
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    assert.match(readFileSync(join(dir, 'farm.config.ts'), 'utf8'), "type: 'postgresql'", 'the project files were written');

    const again = farm([...args, '--skip-install'], dir);
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, /baseline Migration\d{14}_baseline_postgresql\.ts/);
    const status = farm(['db', 'migrate', '--status'], dir);
    assert.match(status.stdout, /applied .*_init[\s\S]*applied .*_baseline_postgresql/);
    assert.not.match(status.stdout, /pending/i);
    assert.is(farm(['db', 'migrate', '--check'], dir).code, 0, 'the new database matches the models');

    // Done once: a third run owes nothing.
    const third = farm([...args, '--skip-install'], dir);
    assert.is(third.code, 0, third.stderr);
    assert.not.match(third.stdout, 'baseline');
  } finally {
    await database.drop();
    rmSync(bin, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
