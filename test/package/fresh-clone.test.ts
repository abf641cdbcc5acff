/**
 * What a contributor or `npm install <git url>` gets: a fresh clone of this repository's HEAD, `npm ci`, `npm pack`.
 * The tarball must carry the build (prepack) and the `farm-db` and `farm` commands must run from an app that
 * installed it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO } from '../support/generated-project.ts';

interface Context {
  root: string;
  files: string[];
  app: string;
}
const test = suite<Context>('a fresh clone packs a working farm-db', {} as Context);

const env = { ...process.env, NO_COLOR: '1', PATH: [dirname(process.execPath), process.env.PATH].join(delimiter), npm_config_audit: 'false', npm_config_fund: 'false' };
function run(cwd: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
}
function mustRun(cwd: string, command: string, args: string[]) {
  const result = run(cwd, command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

test.before(context => {
  context.root = mkdtempSync(join(tmpdir(), 'farm-fresh-clone-'));
  const clone = join(context.root, 'farm-db');
  mustRun(context.root, 'git', ['clone', '--quiet', '--no-hardlinks', REPO, clone]);
  mustRun(clone, 'npm', ['ci', '--prefer-offline', '--loglevel=error']);
  const packed = mustRun(clone, 'npm', ['pack', '--json', '--loglevel=error', '--pack-destination', context.root]);
  // prepack's build output comes first on stdout; npm's JSON report is the last top-level array.
  const [report] = JSON.parse(packed.stdout.slice(packed.stdout.lastIndexOf('\n[') + 1)) as { filename: string; files: { path: string }[] }[];
  context.files = report.files.map(file => file.path);
  context.app = join(context.root, 'app');
  mustRun(context.root, 'mkdir', [context.app]);
  writeFileSync(join(context.app, 'package.json'), `${JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }, null, 2)}\n`);
  mustRun(context.app, 'npm', ['install', '--prefer-offline', '--loglevel=error', join(context.root, report.filename)]);
});
test.after(context => {
  if (context.root) rmSync(context.root, { recursive: true, force: true });
});

test('the tarball carries the build: the CLI, both entries with their declarations, the plopfile and the bin shim', ({ files }) => {
  for (const file of ['bin/farm-db.cjs', 'bin/node-version.cjs', 'dist/bin/farm.js', 'dist/index.js', 'dist/index.d.ts', 'dist/index.d.cts',
    'dist/runtime/index.js', 'dist/runtime/index.d.ts', 'dist/runtime/index.d.cts', 'dist/plopfile.js', 'dist/dashboard/public/index.html', 'templates']) {
    assert.ok(files.some(path => path === file || path.startsWith(`${file}/`)), `${file} in the tarball (it has ${files.length} files)`);
  }
});

test('the tarball leaves the sources and tests out', ({ files }) => {
  assert.equal(files.filter(path => /^(test|bench|examples|generators|runtime)\//.test(path) || path.endsWith('.test.ts')), []);
});

test('`npx farm-db db --help` runs from the installed tarball', ({ app }) => {
  const help = run(app, 'npx', ['--no-install', 'farm-db', 'db', '--help']);
  assert.is(help.code, 0, help.stderr);
  assert.match(help.stdout, /\badd\b.*\binfo\b/s);
});

test('the `farm` command is installed too and is the same CLI', ({ app }) => {
  const farmDb = run(app, 'npx', ['--no-install', 'farm-db', 'db', '--help']);
  const farm = run(app, 'npx', ['--no-install', 'farm', 'db', '--help']);
  assert.is(farm.code, 0, farm.stderr);
  assert.is(farm.stdout, farmDb.stdout);
});

test('`npx farm-db db add --type sqlite` wires a fresh app from the installed tarball', ({ app }) => {
  writeFileSync(join(app, 'index.ts'), `import { createServer } from 'node:http';\n\ncreateServer((req, res) => {\n  res.end('ok');\n}).listen(Number(process.env.PORT ?? 3000));\n`);
  const add = run(app, 'npx', ['--no-install', 'farm-db', 'db', 'add', '--type', 'sqlite', '--entry', 'index.ts', '--yes', '--skip-install']);
  assert.is(add.code, 0, `${add.stdout}\n${add.stderr}`);
  const info = run(app, 'npx', ['--no-install', 'farm-db', 'db', 'info']);
  assert.is(info.code, 0, info.stderr);
  assert.match(info.stdout, 'SQLite');
});

test.run();
