import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { redactUrl } from '../../config/redact.ts';
import { copyFixture, farm } from '../support/generated-project.ts';

const fixture = () => copyFixture('express-esm');
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const postgres = (dir: string, ...extra: string[]) => farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install', ...extra], dir);

const secrets = suite('secrets: never in committed files or printed output');

secrets('a password given in --url goes to .env only; .env.example gets a placeholder', () => {
  const dir = fixture();
  const result = postgres(dir, '--url', 'postgresql://orders:Hunter2pass@db.internal:5432/orders');
  assert.is(result.code, 0, result.stderr);
  assert.match(read(dir, '.env'), 'DATABASE_URL=postgresql://orders:Hunter2pass@db.internal:5432/orders');
  assert.match(read(dir, '.env.example'), 'DATABASE_URL=postgresql://orders:change-me@db.internal:5432/orders');
  assert.not.match(read(dir, '.env.example'), 'Hunter2pass');
});

secrets('a ?password= in --url is replaced in .env.example too', () => {
  const dir = fixture();
  assert.is(postgres(dir, '--url', 'postgresql://db.internal/orders?user=orders&password=Hunter2pass').code, 0);
  assert.match(read(dir, '.env.example'), 'DATABASE_URL=postgresql://db.internal/orders?user=orders&password=change-me');
});

secrets('--dry-run shows *** for generated and given passwords in .env diffs', () => {
  const dir = fixture();
  const result = postgres(dir, '--dry-run');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, '+POSTGRES_PASSWORD=***');
  assert.match(result.stdout, /\+DATABASE_URL=postgresql:\/\/app:\*\*\*@localhost:5432\/app/);
  assert.not.match(result.stdout, /POSTGRES_PASSWORD=(?!\*\*\*|change-me)\w/);
  const given = postgres(fixture(), '--dry-run', '--url', 'postgresql://orders:Hunter2pass@db.internal/orders');
  assert.not.match(given.stdout, 'Hunter2pass');
});

secrets('farm db switch --dry-run shows *** for the new database password too', () => {
  const dir = fixture();
  assert.is(farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir).code, 0);
  const result = farm(['db', 'switch', '--type', 'postgresql', '--dry-run', '--yes', '--skip-install', '--url', 'postgresql://orders:Hunter2pass@db.internal/orders'], dir);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, '+DATABASE_URL=postgresql://orders:***@db.internal/orders');
  assert.not.match(result.stdout, 'Hunter2pass');
});

secrets('--dry-run --show-secrets shows them', () => {
  const result = postgres(fixture(), '--dry-run', '--show-secrets', '--url', 'postgresql://orders:Hunter2pass@db.internal/orders');
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, '+DATABASE_URL=postgresql://orders:Hunter2pass@db.internal/orders');
});

secrets('farm db info (text and --json) hides a password holding @, and a ?password= parameter', () => {
  const dir = fixture();
  assert.is(farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir).code, 0);
  const cases = [
    ['postgresql://app:p@ss@word@127.0.0.1:1/app', 'postgresql://app:***@127.0.0.1:1/app'],
    ['postgresql://app@127.0.0.1:1/app?password=Hunter2pass&sslmode=disable', 'postgresql://app@127.0.0.1:1/app?password=***&sslmode=disable'],
  ];
  for (const [url, shown] of cases as [string, string][]) {
    for (const args of [['db', 'info', '--json'], ['db', 'info']]) {
      const result = farm(args, dir, { DATABASE_URL: url });
      assert.is(result.code, 1, `nothing listens on port 1: info reports the database unreachable\n${result.stderr}`);
      assert.not.match(result.stdout, /ss@word|Hunter2pass/, `${args.join(' ')} with ${redactUrl(url)}`);
      assert.match(result.stdout, shown);
    }
  }
});

secrets('a URL farm-db cannot parse is reported without its password (one holding /)', () => {
  const dir = fixture();
  assert.is(farm(['db', 'add', '--type', 'postgresql', '--yes', '--skip-install'], dir).code, 0);
  const result = farm(['db', 'info'], dir, { DATABASE_URL: 'postgresql://app:s3cr/et@127.0.0.1:1/app' });
  assert.is.not(result.code, 0);
  assert.match(result.stderr, 'cannot parse the URL');
  assert.not.match(result.stderr, 'et@127');
  assert.not.match(result.stderr, 's3cr');
});

secrets('redactUrl: every password form', () => {
  assert.is(redactUrl('mysql://root:a/b@c@127.0.0.1:3306/test'), 'mysql://root:***@127.0.0.1:3306/test');
  assert.is(redactUrl('postgresql://app@h/db?sslmode=require&password=x%40y'), 'postgresql://app@h/db?sslmode=require&password=***');
  assert.is(redactUrl('host=db user=app password=hunter2 dbname=app'), 'host=db user=app password=*** dbname=app');
  assert.is(redactUrl('postgresql://app@h/db'), 'postgresql://app@h/db');
  assert.is(redactUrl('file:./data/app.db'), 'file:./data/app.db');
});

secrets.run();
