import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm } from '../support/generated-project.ts';

const add = (dir: string, ...extra: string[]) => farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install', ...extra], dir);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

const force = suite('db add --force: backups are never overwritten');

force('--force twice keeps both edits: .orig, then .orig.1', () => {
  const dir = copyFixture('express-esm');
  assert.is(add(dir).code, 0);
  const file = join(dir, 'src/database/connection.ts');
  const generated = readFileSync(file, 'utf8');
  writeFileSync(file, `${generated}// first edit\n`);
  assert.is(add(dir, '--force').code, 0);
  writeFileSync(file, `${generated}// second edit\n`);
  assert.is(add(dir, '--force').code, 0);
  assert.is(read(dir, 'src/database/connection.ts.orig'), `${generated}// first edit\n`);
  assert.is(read(dir, 'src/database/connection.ts.orig.1'), `${generated}// second edit\n`);
  assert.is(readFileSync(file, 'utf8'), generated);
});

force('a .orig the user made themselves is kept too', () => {
  const dir = copyFixture('express-esm');
  assert.is(add(dir).code, 0);
  const file = join(dir, 'src/database/index.ts');
  writeFileSync(join(dir, 'src/database/index.ts.orig'), 'my own notes\n');
  writeFileSync(file, `${readFileSync(file, 'utf8')}// edited\n`);
  assert.is(add(dir, '--force').code, 0);
  assert.is(read(dir, 'src/database/index.ts.orig'), 'my own notes\n');
  assert.match(read(dir, 'src/database/index.ts.orig.1'), '// edited');
});

force.run();
