import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nodeForms } from '../../../generators/detect/node-types.ts';
import { planAdd } from '../../../generators/db-add.ts';
import { unwrapDefault } from '../../../config/load-config.ts';
import { EXPRESS_ENTRY, withProjectAsync } from '../../support/project-files.ts';

const test = suite('generated code fits the app build and its @types/node');

const plan = (files: Record<string, string | object>) =>
  withProjectAsync(files, async tree => {
    const { tree: planned } = await planAdd({ dir: tree.root, choice: 'sqlite', force: false });
    // Read everything while the folder exists (the Tree reads unchanged files from disk).
    const paths = ['tsconfig.json', 'farm.config.ts', '.env', 'src/main.ts', 'src/database/connection.ts', 'src/database/base-model.ts'];
    const contents = new Map(paths.map(path => [path, planned.read(path)]));
    return (path: string) => contents.get(path);
  });

const nestLike = {
  'package.json': { name: 'api', dependencies: { express: '^4.21.0' }, scripts: { build: 'tsc', 'start:prod': 'node dist/main' } },
  'src/main.ts': EXPRESS_ENTRY,
};

test('an emitting tsconfig without rootDir or include gets farm.config.ts in a new exclude, keeping comments', async () => {
  const read = await plan({
    ...nestLike,
    'tsconfig.json': '{\n  // CommonJS, like a Nest starter\n  "compilerOptions": {\n    "module": "commonjs",\n    "outDir": "./dist"\n  }\n}\n',
  });
  const tsconfig = read('tsconfig.json')!;
  assert.match(tsconfig, '// CommonJS, like a Nest starter');
  assert.match(tsconfig, /"exclude": \[\s*"node_modules",\s*"dist",\s*"farm.config.ts"\s*\]/);
});

test('an existing exclude gets farm.config.ts appended and nothing else changes', async () => {
  const text = '{\n  "compilerOptions": { "module": "commonjs", "outDir": "dist" },\n  "exclude": ["node_modules", "test"]\n}\n';
  const read = await plan({ ...nestLike, 'tsconfig.json': text });
  assert.is(read('tsconfig.json'), text.replace('"test"]', '"test", "farm.config.ts"]'));
});

test('a tsconfig that only includes src, or does not emit, is left alone', async () => {
  const onlySrc = '{ "compilerOptions": { "module": "commonjs", "outDir": "dist" }, "include": ["src"] }\n';
  const noEmit = '{ "compilerOptions": { "module": "nodenext", "noEmit": true } }\n';
  assert.is((await plan({ ...nestLike, 'tsconfig.json': onlySrc }))('tsconfig.json'), onlySrc);
  assert.is((await plan({ ...nestLike, 'tsconfig.json': noEmit }))('tsconfig.json'), noEmit);
});

test('a config compiled to CommonJS (exports.default) is unwrapped to the config', () => {
  const config = { database: { type: 'sqlite' } };
  assert.is(unwrapDefault({ __esModule: true, default: config }), config);
  assert.is(unwrapDefault(config), config);
});

test('@types/node 18.7 gets fileURLToPath(import.meta.url), 20.11 import.meta.dirname, CommonJS __dirname', () => {
  const esm = { module: 'esm', importMeta: true } as const;
  assert.equal(nodeForms('18.7.23', esm).configFrom, {
    expression: "fileURLToPath(new URL('.', import.meta.url))",
    import: "import { fileURLToPath } from 'node:url';",
  });
  assert.is(nodeForms('20.11.0', esm).configFrom.expression, 'import.meta.dirname');
  assert.is(nodeForms('18.7.23', { module: 'cjs', importMeta: false }).configFrom.expression, '__dirname');
});

test('@types/node 14 gets a randomBytes UUID from "crypto"; 16 and later randomUUID from node:crypto', async () => {
  const esm = { module: 'esm', importMeta: true } as const;
  assert.equal([nodeForms('14.18.3', esm).randomUUID, nodeForms('14.18.3', esm).builtin('crypto')], [false, 'crypto']);
  assert.equal([nodeForms('16.0.0', esm).randomUUID, nodeForms('16.0.0', esm).builtin('crypto')], [true, 'node:crypto']);
  const read = await plan({
    ...nestLike,
    'package.json': { ...nestLike['package.json'], devDependencies: { '@types/node': '14.18.3' } },
    'tsconfig.json': { compilerOptions: { module: 'commonjs' }, include: ['src'] },
  });
  const base = read('src/database/base-model.ts')!;
  assert.match(base, "import { randomBytes } from 'crypto';");
  assert.match(base, 'function randomUUID(): string {');
});

test('the CommonJS app (no module in tsconfig) gets __dirname and no top-level await in its entry', async () => {
  const read = await plan({ ...nestLike, 'tsconfig.json': { compilerOptions: { outDir: 'dist', strict: true }, include: ['src'] } });
  assert.match(read('src/database/connection.ts')!, 'configFrom: __dirname');
  assert.not.match(read('src/main.ts')!, /^await /m);
});

test('FARM_DATABASE_URL goes into farm.config.ts and .env when the app reads DATABASE_URL', async () => {
  const read = await plan({ ...nestLike, 'src/pool.ts': 'export const url = process.env.DATABASE_URL;\n' });
  assert.match(read('farm.config.ts')!, "url: '${FARM_DATABASE_URL}'");
  assert.match(read('.env')!, /^FARM_DATABASE_URL=/m);
  assert.not.match(read('.env')!, /^DATABASE_URL=/m);
});

test.run();
