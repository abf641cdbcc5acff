import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { detectProject } from '../../generators/detect/project.ts';
import { Tree } from '../../generators/tree/tree.ts';
import { copyFixture } from '../support/generated-project.ts';

const test = suite('project detection');

for (const [lockfile, manager] of [['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn'], ['bun.lock', 'bun'], ['package-lock.json', 'npm']] as const) {
  test(`${lockfile} means ${manager}`, () => {
    const dir = copyFixture('express-esm');
    writeFileSync(join(dir, lockfile), '');
    assert.is(detectProject(new Tree(dir)).packageManager, manager);
  });
}

test('no lockfile means npm', () => {
  assert.is(detectProject(new Tree(copyFixture('node-http'))).packageManager, 'npm');
});

test('the seed layout finds the API workspace, its src and its entry', () => {
  const layout = detectProject(new Tree(copyFixture('seed-monorepo')));
  assert.is(layout.app, 'apps/api');
  assert.is(layout.entry, 'apps/api/src/main.ts');
  assert.is(layout.modelsDir, 'apps/api/src/models');
  assert.is(layout.framework, 'express');
});

test('each fixture is read as the framework and style it is written in', () => {
  const cases = [
    ['express-esm', 'express', { indent: '  ', quote: "'", semicolons: true, module: 'esm', importMeta: true, topLevelAwait: true, importExtension: '.ts' }],
    ['express-cjs-tabs', 'express', { indent: '\t', quote: '"', semicolons: true, module: 'cjs', importMeta: false, topLevelAwait: false, importExtension: '' }],
    ['fastify-esm', 'fastify', { indent: '  ', quote: "'", semicolons: false, module: 'esm', importMeta: true, topLevelAwait: true, importExtension: '.ts' }],
    ['node-http', 'node-http', { indent: '    ', quote: "'", semicolons: true, module: 'esm', importMeta: true, topLevelAwait: true, importExtension: '.ts' }],
    ['koa-esm', 'koa', { indent: '  ', quote: "'", semicolons: true, module: 'esm', importMeta: true, topLevelAwait: true, importExtension: '.ts' }],
  ] as const;
  for (const [fixture, framework, style] of cases) {
    const layout = detectProject(new Tree(copyFixture(fixture)));
    assert.is(layout.framework, framework, fixture);
    assert.equal(layout.style, style, fixture);
  }
});

test('a project without package.json is refused with the fix', () => {
  try {
    detectProject(new Tree(join(copyFixture('node-http'), 'src')));
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, 'no package.json');
    assert.match((error as Error).message, '--dir');
  }
});

test.run();
