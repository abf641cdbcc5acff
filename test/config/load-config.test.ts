import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FarmConfigError } from '../../config/errors.ts';
import { loadConfig } from '../../config/load-config.ts';
import { tempDir } from '../support/temp-dirs.ts';

const ENTRY = new URL('../../index.ts', import.meta.url).pathname;

function project(files: Record<string, string>): string {
  const root = tempDir('farm-config-');
  mkdirSync(join(root, '.git')); // the search for a config stops at a repository root
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const typedConfig = (database: string) =>
  `import { defineConfig, env } from '${ENTRY}';\nconst port: number = 1;\nexport default defineConfig({\n  database: ${database},\n});\n`;

async function loadError(root: string, env: NodeJS.ProcessEnv = {}): Promise<FarmConfigError> {
  try {
    await loadConfig({ cwd: root, env });
  } catch (error) {
    assert.instance(error, FarmConfigError);
    return error as FarmConfigError;
  }
  throw new Error('expected a FarmConfigError');
}

const test = suite('loading farm.config.ts');

test('loads a TypeScript config and resolves it', async () => {
  const root = project({ 'farm.config.ts': typedConfig(`{ type: 'sqlite', url: 'file:./data/app.db' }`) });
  const loaded = await loadConfig({ cwd: root, env: {} });
  assert.is(loaded.file, join(root, 'farm.config.ts'));
  assert.is(loaded.root, root);
  assert.is(loaded.database.type, 'sqlite');
});

test('finds the config from a folder below the project root', async () => {
  const root = project({ 'farm.config.ts': typedConfig(`{ type: 'sqlite', url: ':memory:' }`), 'src/routes/.keep': '' });
  const loaded = await loadConfig({ cwd: join(root, 'src/routes'), env: {} });
  assert.is(loaded.root, root);
});

test('reads variables from .env beside the config', async () => {
  const root = project({
    'farm.config.ts': typedConfig(`{ type: 'postgresql', url: env('DATABASE_URL') }`),
    '.env': 'DATABASE_URL=postgresql://from-dotenv/app\n',
  });
  const loaded = await loadConfig({ cwd: root, env: {} });
  assert.is(loaded.database.url, 'postgresql://from-dotenv/app');
});

test('a variable set in the environment wins over .env', async () => {
  const root = project({
    'farm.config.ts': typedConfig(`{ type: 'postgresql', url: '\${DATABASE_URL}' }`),
    '.env': 'DATABASE_URL=postgresql://from-dotenv/app\n',
  });
  const loaded = await loadConfig({ cwd: root, env: { DATABASE_URL: 'postgresql://from-shell/app' } });
  assert.is(loaded.database.url, 'postgresql://from-shell/app');
});

test('a file without a default export is refused with the fix', async () => {
  const root = project({ 'farm.config.ts': `export const database = { type: 'sqlite' };\n` });
  const error = await loadError(root);
  assert.match(error.message, 'the file has no default export');
  assert.match(error.message, 'export default defineConfig');
});

test('a syntax error is reported with file:line', async () => {
  const root = project({ 'farm.config.ts': `export default {\n  database: {\n    type: 'sqlite',,\n  },\n};\n` });
  const error = await loadError(root);
  assert.match(error.message, `syntax error at ${join(root, 'farm.config.ts')}:3`);
});

test('an invalid value names the file and the key', async () => {
  const root = project({ 'farm.config.ts': typedConfig(`{ type: 'sqlite', url: ':memory:', pool: { min: 3, max: 1 } }`) });
  const error = await loadError(root);
  assert.is(error.file, join(root, 'farm.config.ts'));
  assert.is(error.key, 'database.pool');
});

test('no config anywhere says how to create one', async () => {
  const root = project({});
  const error = await loadError(root);
  assert.match(error.message, 'no farm.config.ts found');
  assert.match(error.message, 'farm db add');
});

test.run();
