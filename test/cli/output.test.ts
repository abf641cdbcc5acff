import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { reportAdd } from '../../cli/add-report.ts';
import type { AddResult } from '../../generators/db-add.ts';
import { EXIT } from '../../generators/errors.ts';
import { copyFixture, farm } from '../support/generated-project.ts';

const next = suite<{ dirs: string[] }>('farm db add: next steps after Done', { dirs: [] });
next.after.each(context => {
  for (const dir of context.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const stepsOf = (stdout: string) => stdout.slice(stdout.indexOf('Next steps:'));

next('a compose service: start it, boot with the app\'s own script, check /health/db on the app\'s port', context => {
  const dir = copyFixture('fastify-esm');
  context.dirs.push(dir);
  const result = farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir);
  assert.is(result.code, 0, result.stderr);
  const steps = stepsOf(result.stdout);
  assert.match(steps, '1. start PostgreSQL: docker compose up -d postgres');
  assert.match(steps, '2. boot the app: npm run dev');
  assert.match(steps, '3. check the database: curl http://localhost:5000/health/db');
});

next('--url: nothing to start', context => {
  const dir = copyFixture('express-esm');
  context.dirs.push(dir);
  const result = farm(['db', 'add', '--type', 'postgresql', '--url', 'postgresql://app:pw@db:5432/app', '--yes', '--skip-install'], dir);
  assert.is(result.code, 0, result.stderr);
  assert.match(stepsOf(result.stdout), '1. nothing to start: the app connects to the database in DATABASE_URL (.env)');
  assert.not.match(result.stdout, 'docker compose');
});

next('an app started from its build output is built first', context => {
  const dir = copyFixture('express-cjs-tabs');
  context.dirs.push(dir);
  const result = farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
  assert.is(result.code, 0, result.stderr);
  const steps = stepsOf(result.stdout);
  assert.match(steps, 'nothing to start: SQLite (embedded, no server) runs inside the app');
  assert.match(steps, 'boot the app: npm run build && npm start');
  assert.match(steps, 'localhost:4000/health/db');
});

next('a dry run prints no next steps', context => {
  const dir = copyFixture('express-esm');
  context.dirs.push(dir);
  assert.not.match(farm(['db', 'add', '--type', 'sqlite', '--dry-run'], dir).stdout, 'Next steps');
});

next.run();

const manual = suite('farm db add: manual steps');

/** Runs the printer as the CLI does, capturing what it prints. */
function capture(result: AddResult, dir: string): { code: number; out: string } {
  const original = console.log;
  let out = '';
  console.log = (...args: unknown[]) => void (out += `${args.join(' ')}\n`);
  try {
    return { code: reportAdd(result, dir, false), out };
  } finally {
    console.log = original;
  }
}

manual('steps that could not be wired are printed in one block at the end, and the exit code is 3', () => {
  const dir = copyFixture('express-esm');
  try {
    const result: AddResult = {
      layout: { app: '', packageManager: 'npm', entry: 'src/index.ts' } as AddResult['layout'],
      changes: [{ path: 'farm.config.ts', type: 'create', before: undefined, after: '' } as AddResult['changes'][number]],
      warnings: [],
      skipped: [],
      written: true,
      database: { choice: 'sqlite', label: 'SQLite', external: false },
      manualSteps: [
        { title: 'start the database before the server listens, in src/index.ts', snippet: 'await db.initialize();' },
        { title: 'close it when the app shuts down', snippet: "process.once('SIGTERM', () => db.shutdown());" },
      ],
    };
    const { code, out } = capture(result, dir);
    assert.is(code, EXIT.manualSteps);
    assert.is(code, 3);
    const block = out.slice(out.indexOf('Written, but these steps remain'));
    assert.ok(out.indexOf('Written, but these steps remain') > out.indexOf('Next steps'), 'after everything else');
    assert.match(block, '1. start the database before the server listens, in src/index.ts\n       await db.initialize();');
    assert.match(block, "2. close it when the app shuts down\n       process.once('SIGTERM', () => db.shutdown());");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

manual('with no manual steps the exit code is 0', () => {
  const dir = copyFixture('express-esm');
  try {
    const result = { layout: { app: '', packageManager: 'npm', entry: 'src/index.ts' }, changes: [], warnings: [], manualSteps: [], skipped: [], written: false,
      database: { choice: 'sqlite', label: 'SQLite', external: false } } as unknown as AddResult;
    assert.is(capture(result, dir).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

manual.run();

const info = suite('farm db info: exit code and --json');

info('an unreachable database exits 1 and its migrations are unknown, as data', () => {
  const dir = copyFixture('express-esm');
  try {
    assert.is(farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir).code, 0);
    const result = farm(['db', 'info', '--json'], dir, { DATABASE_URL: 'postgresql://app:pw@127.0.0.1:1/app' });
    assert.is(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.is(report.health.status, 'fail');
    assert.equal(report.migrations, { status: 'unknown', reason: 'the database is not reachable' });
    assert.is(farm(['db', 'info'], dir, { DATABASE_URL: 'postgresql://app:pw@127.0.0.1:1/app' }).code, 1, 'the text report too');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

info('--json migrations counts applied and pending migrations', () => {
  const dir = copyFixture('express-esm');
  try {
    assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
    assert.is(farm(['db', 'migrate', '--create', 'init'], dir).code, 0);
    const result = farm(['db', 'info', '--json'], dir);
    assert.is(result.code, 0, result.stderr);
    const { migrations } = JSON.parse(result.stdout);
    assert.is(migrations.status, 'known');
    assert.is(migrations.applied, 0);
    assert.is(migrations.pending, 1);
    assert.is(migrations.latest, null);
    assert.match(migrations.pendingNames[0], /^Migration\d{14}_init$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

info.run();
