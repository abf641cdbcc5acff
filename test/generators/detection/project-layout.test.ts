import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { detectProject } from '../../../generators/detect/project.ts';
import { EXPRESS_ENTRY, withProject } from '../../support/project-files.ts';

const test = suite('finding the app, its entry and the tsconfig that builds it');

const pkg = (extra: object = {}) => ({ name: 'api', version: '1.0.0', dependencies: { express: '^4.21.0' }, ...extra });

test('`tsx watch src/server` names a folder: its index.ts is the entry', () => {
  const layout = withProject({
    'package.json': pkg({ scripts: { dev: 'tsx watch src/server' } }),
    'src/server/index.ts': EXPRESS_ENTRY,
    'src/server/routes.ts': 'export const routes = [];\n',
  }, detectProject);
  assert.is(layout.entry, 'src/server/index.ts');
});

test('`node --import tsx src/index.ts` names the entry', () => {
  const layout = withProject({
    'package.json': pkg({ scripts: { start: 'node --import tsx src/boot.ts' } }),
    'src/boot.ts': EXPRESS_ENTRY,
    'src/index.ts': 'export {};\n',
  }, detectProject);
  assert.is(layout.entry, 'src/boot.ts');
});

test('`nest start` reads sourceRoot and entryFile from nest-cli.json', () => {
  const layout = withProject({
    'package.json': pkg({ scripts: { start: 'nest start' }, dependencies: { '@nestjs/core': '^10.0.0' } }),
    'nest-cli.json': { sourceRoot: 'app', entryFile: 'bootstrap' },
    'app/bootstrap.ts': "import { NestFactory } from '@nestjs/core';\n",
  }, detectProject);
  assert.is(layout.entry, 'app/bootstrap.ts');
});

test('a pnpm workspace (pnpm-workspace.yaml) finds apps/api', () => {
  const layout = withProject({
    'package.json': { name: 'root', private: true },
    'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
    'apps/api/package.json': pkg({ scripts: { dev: 'tsx watch src/main.ts' } }),
    'apps/api/src/main.ts': EXPRESS_ENTRY,
    'packages/shared/package.json': { name: 'shared' },
  }, detectProject);
  assert.equal([layout.app, layout.entry, layout.packageManager], ['apps/api', 'apps/api/src/main.ts', 'pnpm']);
});

test('at a monorepo root without an entry, the hint names --dir, not --entry', () => {
  withProject({
    'package.json': { name: 'root', workspaces: ['apps/*'] },
    'apps/api/package.json': pkg(),
    'apps/api/lib/start.js': '',
  }, tree => {
    try {
      detectProject(tree);
      assert.unreachable();
    } catch (error) {
      const hint = (error as { hint?: string }).hint ?? '';
      assert.match(hint, '--dir apps/api');
      assert.not.match(hint, '--entry');
    }
  });
});

test('Nx: the build target of project.json names the tsconfig (CommonJS) over the root esnext base', () => {
  const layout = withProject({
    'package.json': pkg({ name: 'workspace' }),
    'nx.json': { targetDefaults: {} },
    'tsconfig.base.json': { compilerOptions: { module: 'esnext', target: 'es2022' } },
    'apps/api/project.json': {
      name: 'api',
      sourceRoot: 'apps/api/src',
      targets: { build: { executor: '@nx/js:tsc', options: { main: 'apps/api/src/main.ts', tsConfig: 'apps/api/tsconfig.app.json' } } },
    },
    'apps/api/tsconfig.json': { extends: '../../tsconfig.base.json', files: [], references: [{ path: './tsconfig.app.json' }] },
    'apps/api/tsconfig.app.json': { extends: './tsconfig.json', compilerOptions: { module: 'commonjs', outDir: '../../dist/apps/api' }, include: ['src/**/*.ts'] },
    'apps/api/src/main.ts': EXPRESS_ENTRY,
  }, detectProject);
  assert.equal([layout.app, layout.entry, layout.sourceDir], ['', 'apps/api/src/main.ts', 'apps/api/src']);
  assert.equal([layout.tsconfig.file, layout.style.module, layout.style.topLevelAwait], ['apps/api/tsconfig.app.json', 'cjs', false]);
});

test('`tsc -p tsconfig.build.json` in the build script names the tsconfig', () => {
  const layout = withProject({
    'package.json': pkg({ type: 'module', scripts: { build: 'tsc -p tsconfig.build.json', start: 'node dist/index.js' } }),
    'tsconfig.json': { compilerOptions: { module: 'nodenext' } },
    'tsconfig.build.json': { compilerOptions: { module: 'commonjs', outDir: 'dist' } },
    'src/index.ts': EXPRESS_ENTRY,
  }, detectProject);
  assert.equal([layout.tsconfig.file, layout.style.module], ['tsconfig.build.json', 'cjs']);
});

test("nest-cli.json's tsConfigPath names the tsconfig", () => {
  const layout = withProject({
    'package.json': pkg({ scripts: { build: 'nest build' } }),
    'nest-cli.json': { compilerOptions: { tsConfigPath: 'tsconfig.nest.json' } },
    'tsconfig.nest.json': { compilerOptions: { module: 'commonjs' } },
    'src/main.ts': EXPRESS_ENTRY,
  }, detectProject);
  assert.is(layout.tsconfig.file, 'tsconfig.nest.json');
});

test('the installed @types/node version is read, else the declared range', () => {
  const installed = withProject({
    'package.json': pkg({ devDependencies: { '@types/node': '^18.7.0' } }),
    'node_modules/@types/node/package.json': { name: '@types/node', version: '18.7.23' },
    'src/index.ts': EXPRESS_ENTRY,
  }, detectProject);
  const declared = withProject({ 'package.json': pkg({ devDependencies: { '@types/node': '~14.18.3' } }), 'src/index.ts': EXPRESS_ENTRY }, detectProject);
  assert.equal([installed.typesNode, declared.typesNode], ['18.7.23', '14.18.3']);
});

test.run();
