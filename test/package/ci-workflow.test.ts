/**
 * .github/workflows/ci.yml, read as GitHub reads it (no Docker engine here to run it): the servers these machines
 * cannot have run in public CI, every gated suite is reached (each FARM_TEST_* variable a test reads is set on
 * every leg) and the suite that runs is `npm test` itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { REPO } from '../support/generated-project.ts';

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, string> }
interface Job {
  strategy: { matrix: { include: Record<string, string>[] } };
  services: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }>;
  env: Record<string, string>;
  steps: Step[];
}

const workflow = parse(readFileSync(join(REPO, '.github/workflows/ci.yml'), 'utf8')) as { on: object; jobs: Record<string, Job> };
const job = workflow.jobs.servers!;
const legs = job.strategy.matrix.include;

/** A value as one leg sees it: ${{ matrix.x }} replaced by that leg's x. */
const forLeg = (value: string, leg: Record<string, string>) => value.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, key: string) => leg[key] ?? '');
/** The image of a `docker run [options] image [args]` line: the first word that is neither an option nor its value. */
function dockerRunImage(line: string): string | undefined {
  const words = line.trim().split(/\s+/).slice(2);
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.startsWith('-')) return words[i];
    if (['--name', '-p', '--publish', '-e', '--env', '-v', '--network'].includes(words[i]!)) i++;
  }
  return undefined;
}
/** Every image a leg runs: its service containers and the ones its steps start with docker run. */
const imagesOf = (leg: Record<string, string>) => [
  ...Object.values(job.services).map(service => forLeg(service.image, leg)),
  ...job.steps.flatMap(step => forLeg(step.run ?? '', leg).split('\n').filter(line => /^\s*docker run /.test(line)).map(dockerRunImage)),
];
const allImages = legs.flatMap(imagesOf);

test('runs on pushes to main and on pull requests', () => {
  assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
});

for (const image of ['mongo:6', 'mongo:7', 'mongo:8', 'mcr.microsoft.com/mssql/server:2022-latest', 'mysql:8.4', 'postgres:13', 'postgres:17', 'mariadb:11']) {
  test(`the matrix runs ${image}`, () => {
    assert.ok(allImages.includes(image), `${image} among ${[...new Set(allImages)].join(', ')}`);
  });
}

test('MongoDB runs as a replica set (transactions need one) and the URL names it', () => {
  const start = job.steps.find(step => /docker run .*mongo/.test(step.run ?? ''))?.run ?? '';
  assert.match(start, /--replSet rs0/);
  assert.match(start, /rs\.initiate\(/);
  assert.match(job.env.FARM_TEST_MONGODB_URL!, /replicaSet=rs0/);
});

/** The FARM_TEST_* variables the tests read (the switches of the gated suites), with the files reading each. */
function gatedVariables(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      if (['fixtures', 'golden', '.projects', 'node_modules'].includes(name)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && full !== new URL(import.meta.url).pathname) {
        for (const [variable] of readFileSync(full, 'utf8').matchAll(/FARM_TEST_[A-Z0-9_]+/g)) {
          found.set(variable, [...(found.get(variable) ?? []), relative(REPO, full)]);
        }
      }
    }
  };
  walk(join(REPO, 'test'));
  return found;
}

/** The variables a leg's tests see: the job's env and what steps append to $GITHUB_ENV. */
function variablesOf(leg: Record<string, string>): Map<string, string> {
  const set = new Map(Object.entries(job.env).map(([key, value]) => [key, forLeg(String(value), leg)]));
  for (const step of job.steps) {
    for (const [, key, value] of (step.run ?? '').matchAll(/echo "(FARM_TEST_[A-Z0-9_]+)=([^"]+)" >> "\$GITHUB_ENV"/g)) set.set(key!, value!);
  }
  return set;
}

test('every gated suite is reached: each FARM_TEST_* variable a test reads is set, non-empty, on every leg', () => {
  const gated = gatedVariables();
  assert.ok(gated.has('FARM_TEST_MONGODB_URL') && gated.has('FARM_TEST_MSSQL_URL'), 'the grep finds the server suites');
  for (const leg of legs) {
    const variables = variablesOf(leg);
    for (const [variable, files] of gated) {
      assert.ok(variables.get(variable), `${leg.leg}: ${variable} (read by ${files.join(', ')}) is not set`);
    }
  }
});

test('the MariaDB-or-MySQL URL of each leg matches the server that leg runs', () => {
  for (const leg of legs) {
    const url = variablesOf(leg).get('FARM_TEST_MARIADB_URL')!;
    assert.is(url.split(':')[0], forLeg(job.services.sql!.image, leg).startsWith('mysql:') ? 'mysql' : 'mariadb', leg.leg);
  }
});

test('the old Node versions are kept before Node 24 goes first, and the suite run is `npm ci` then `npm test`', () => {
  const nodes = job.steps.filter(step => step.uses?.startsWith('actions/setup-node')).map(step => step.with?.['node-version']);
  assert.equal(nodes, ['20', '22.17.0', '24']);
  const runs = job.steps.map(step => step.run?.trim()).filter(Boolean);
  assert.equal(runs.slice(-2), ['npm ci', 'npm test']);
});

test("the README's provider table still says MongoDB and SQL Server are not run here (no real run has been seen)", () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  for (const type of ['mongodb', 'sqlserver']) {
    const row = readme.split('\n').find(line => line.startsWith(`| \`${type}\``)) ?? '';
    assert.match(row, 'not run here', `${type}'s row: ${row}`);
  }
});

test.run();
