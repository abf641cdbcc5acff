import { lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm } from '../support/generated-project.ts';
import { projectState } from '../support/project-state.ts';
import { tempDir } from '../support/temp-dirs.ts';

const fixture = () => copyFixture('express-esm');
const add = (dir: string) => farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);

const links = suite('db add: symlinks');

links('a folder symlinked outside the project is refused with exit 2, nothing written inside or outside', () => {
  const dir = fixture();
  const outside = tempDir('farm-outside-');
  symlinkSync(outside, join(dir, 'src/database'), 'dir');
  const before = projectState(dir);
  const result = add(dir);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, /src\/database\/\S+ would be written to .*outside the project/);
  assert.equal(readdirSync(outside), [], 'nothing written outside');
  assert.equal(projectState(dir), before);
});

links('a symlinked file inside the project is edited through the link, which stays a link', () => {
  const dir = fixture();
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config/dev.env'), 'PORT=3000\n', { mode: 0o600 });
  symlinkSync('config/dev.env', join(dir, '.env'));
  assert.is(add(dir).code, 0);
  assert.ok(lstatSync(join(dir, '.env')).isSymbolicLink(), '.env is still a link');
  assert.match(readFileSync(join(dir, 'config/dev.env'), 'utf8'), /PORT=3000\n[\s\S]*DATABASE_URL=/);
  assert.is(mode(join(dir, 'config/dev.env')), '600');
});

links.run();
