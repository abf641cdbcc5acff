import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { moduleSystem } from '../../../generators/detect/module-system.ts';
import { readTsconfig } from '../../../generators/detect/tsconfig.ts';
import { withProject } from '../../support/project-files.ts';

const test = suite('module system as tsc decides it');

const decide = (files: Record<string, string | object>, type?: string) =>
  withProject(files, tree => moduleSystem(readTsconfig(tree, 'tsconfig.json'), type));

test('no module and no target is CommonJS (tsc: target ES5 -> module CommonJS)', () => {
  const result = decide({ 'tsconfig.json': { compilerOptions: { strict: true } } });
  assert.equal([result.module, result.importMeta, result.topLevelAwait], ['cjs', false, false]);
});

test('no module with target es2020 is ES2015 modules: ESM without import.meta or top-level await', () => {
  const result = decide({ 'tsconfig.json': { compilerOptions: { target: 'ES2020' } } });
  assert.equal([result.module, result.importMeta, result.topLevelAwait], ['esm', false, false]);
});

test('module es2020 allows import.meta but not top-level await', () => {
  const result = decide({ 'tsconfig.json': { compilerOptions: { module: 'es2020' } } });
  assert.equal([result.module, result.importMeta, result.topLevelAwait], ['esm', true, false]);
});

test('module esnext allows both', () => {
  const result = decide({ 'tsconfig.json': { compilerOptions: { module: 'ESNext', moduleResolution: 'bundler' } } });
  assert.equal([result.module, result.importMeta, result.topLevelAwait], ['esm', true, true]);
});

test('nodenext follows package.json type: commonjs without it', () => {
  const files = { 'tsconfig.json': { compilerOptions: { module: 'NodeNext' } } };
  assert.is(decide(files).module, 'cjs');
  assert.is(decide(files, 'module').module, 'esm');
});

test('moduleResolution node16 alone means module node16, so package.json type decides', () => {
  assert.is(decide({ 'tsconfig.json': { compilerOptions: { moduleResolution: 'node16' } } }, 'module').module, 'esm');
});

test('module comes through extends of a relative file (comments and trailing commas allowed)', () => {
  const result = decide({
    'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "module": "commonjs", },\n}\n',
    'tsconfig.json': { extends: './tsconfig.base.json', compilerOptions: { strict: true } },
  }, 'module');
  assert.is(result.module, 'cjs');
});

test('module comes through a package extends such as @tsconfig/node20 (module node16)', () => {
  const result = decide({
    'node_modules/@tsconfig/node20/package.json': { name: '@tsconfig/node20', version: '20.1.4' },
    'node_modules/@tsconfig/node20/tsconfig.json': { compilerOptions: { module: 'node16', target: 'es2022' } },
    'tsconfig.json': { extends: '@tsconfig/node20/tsconfig.json' },
  });
  assert.equal([result.module, result.reason], ['cjs', 'module node16; package.json type commonjs']);
});

test('a later entry of an extends array wins', () => {
  const result = decide({
    'a.json': { compilerOptions: { module: 'esnext' } },
    'b.json': { compilerOptions: { module: 'commonjs' } },
    'tsconfig.json': { extends: ['./a.json', './b.json'] },
  });
  assert.is(result.module, 'cjs');
});

test('the app own setting overrides its base', () => {
  const result = decide({
    'base.json': { compilerOptions: { module: 'commonjs' } },
    'tsconfig.json': { extends: './base', compilerOptions: { module: 'es2022' } },
  });
  assert.is(result.module, 'esm');
});

test('without a tsconfig package.json type decides', () => {
  assert.is(decide({}, 'module').module, 'esm');
  assert.is(decide({}).module, 'cjs');
});

test.run();
