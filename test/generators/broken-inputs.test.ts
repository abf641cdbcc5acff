import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFixture, farm } from '../support/generated-project.ts';
import { projectState } from '../support/project-state.ts';

const fixture = () => copyFixture('express-esm');
const add = (dir: string, ...extra: string[]) => farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install', ...extra], dir);
const noStack = (stderr: string) => assert.not.match(stderr, /\n\s+at /, 'no stack trace');

const broken = suite('db add: broken inputs are refused with file:line, exit 2, nothing written');

broken('an unterminated tsconfig.json', () => {
  const dir = fixture();
  writeFileSync(join(dir, 'tsconfig.json'), '{\n  // the app\n  "compilerOptions": {\n    "module": "nodenext",\n');
  const before = projectState(dir);
  const result = add(dir);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, /tsconfig\.json:5:1: \w+/);
  assert.match(result.stderr, 'nothing was written');
  noStack(result.stderr);
  assert.equal(projectState(dir), before);
});

broken('a corrupt .farm/manifest.json', () => {
  const dir = fixture();
  mkdirSync(join(dir, '.farm'));
  writeFileSync(join(dir, '.farm/manifest.json'), '{\n  "version": 1,\n  "files": {\n    "src/database/index.ts": { "hash": "ab\n');
  const before = projectState(dir);
  const result = add(dir);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, /\.farm\/manifest\.json:4:\d+: /);
  assert.match(result.stderr, 'git checkout');
  noStack(result.stderr);
  assert.equal(projectState(dir), before);
});

broken('a manifest whose "files" is not a map of hashes', () => {
  const dir = fixture();
  mkdirSync(join(dir, '.farm'));
  writeFileSync(join(dir, '.farm/manifest.json'), '{ "version": 1, "files": ["src/database/index.ts"] }\n');
  const result = add(dir);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, 'no valid "files" map');
});

broken('a --models path that is a file', () => {
  const dir = fixture();
  writeFileSync(join(dir, 'src/models'), 'not a folder\n');
  const before = projectState(dir);
  const result = add(dir, '--models', 'src/models');
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stderr, 'src/models is a file, where farm-db needs a folder');
  noStack(result.stderr);
  assert.equal(projectState(dir), before);
});

broken.run();
