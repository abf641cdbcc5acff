import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm } from '../support/generated-project.ts';

const fixture = () => copyFixture('express-esm');
const add = (dir: string) => farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

const modes = suite('db add: file modes');

modes('a 0600 .env stays 0600 when farm-db adds to it', () => {
  const dir = fixture();
  writeFileSync(join(dir, '.env'), 'PORT=3000\n', { mode: 0o600 });
  chmodSync(join(dir, '.env'), 0o600);
  assert.is(add(dir).code, 0);
  assert.match(readFileSync(join(dir, '.env'), 'utf8'), 'DATABASE_URL=');
  assert.is(mode(join(dir, '.env')), '600');
});

modes('an executable entry (0755) stays executable when farm-db edits it', () => {
  const dir = fixture();
  chmodSync(join(dir, 'src/index.ts'), 0o755);
  assert.is(add(dir).code, 0);
  assert.match(readFileSync(join(dir, 'src/index.ts'), 'utf8'), 'initialize()');
  assert.is(mode(join(dir, 'src/index.ts')), '755');
});

modes('a new .env is created 0600 (only its owner can read the secrets)', () => {
  const dir = fixture();
  assert.is(add(dir).code, 0);
  assert.is(mode(join(dir, '.env')), '600');
  assert.is(mode(join(dir, '.env.example')), (0o666 & ~process.umask()).toString(8), '.env.example is an ordinary file');
});

modes.run();

