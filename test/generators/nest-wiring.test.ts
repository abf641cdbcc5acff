/**
 * Nest specifics, in memory (planAdd: nothing is written): the Terminus indicator when the app has
 * @nestjs/terminus, in the form its major version offers, and where main.ts's setGlobalPrefix puts /health/db.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseSource } from '../../generators/steps/syntax/source.ts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nextSteps } from '../../cli/next-steps.ts';
import { planAdd, type AddResult } from '../../generators/db-add.ts';
import { nestRoutePath } from '../../generators/frameworks/nest-prefix.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

async function plan(dir: string) {
  const { tree, ctx } = await planAdd({ dir, choice: 'sqlite', force: false });
  return { read: (path: string) => tree.read(path)!, ctx, changed: tree.changes().map(c => c.path) };
}

/** A Nest app from the nest-terminus fixture's sources with another package.json; removed afterwards. */
async function nestApp(dependencies: Record<string, string>, fn: (result: Awaited<ReturnType<typeof plan>>) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'farm-nest-'));
  try {
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'api', scripts: { start: 'nest start' }, dependencies: { '@nestjs/core': '^10.4.0', ...dependencies } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', outDir: './dist', experimentalDecorators: true } }),
      'nest-cli.json': JSON.stringify({ sourceRoot: 'src' }),
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\n" +
        'async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n',
      'src/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({})\nexport class AppModule {}\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    fn(await plan(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const main = (body: string) => parseSource('main.ts', body).source;
const pathWith = (call: string) => nestRoutePath(main(`async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  ${call}\n}`), 'health/db');

const test = suite('NestJS: Terminus and the global prefix');

test('@nestjs/terminus 11: an indicator on HealthIndicatorService, a controller on HealthCheckService, TerminusModule imported', async () => {
  const { read, ctx } = await plan(join(FIXTURES, 'nest-terminus'));
  const indicator = read('src/database/database.health.ts');
  assert.match(indicator, "import { HealthIndicatorService } from '@nestjs/terminus';");
  assert.match(indicator, 'this.indicators.check(key)');
  assert.not.match(indicator, 'extends HealthIndicator');
  const controller = read('src/database/health.controller.ts');
  assert.match(controller, /@Controller\('health'\)[\s\S]*@Get\('db'\)\n {2}@HealthCheck\(\)/);
  assert.match(controller, "this.health.check([() => this.database.isHealthy('database')])");
  const module = read('src/database/database.module.ts');
  assert.match(module, 'imports: [TerminusModule],');
  assert.match(module, 'providers: [{ provide: DatabaseManager, useValue: db }, DatabaseHealthIndicator],');
  assert.equal(ctx.healthRoute, { path: '/api/health/db' });
});

test("the app's own setGlobalPrefix call and its Terminus /health controller are left as they were", async () => {
  const { read, changed } = await plan(join(FIXTURES, 'nest-terminus'));
  assert.match(read('src/main.ts'), "  app.setGlobalPrefix('api', { exclude: ['health'] });\n  app.enableShutdownHooks();\n");
  assert.not.ok(changed.some(path => path.startsWith('src/health/')), changed.join(', '));
});

test('@nestjs/terminus 10: the indicator extends HealthIndicator and throws HealthCheckError when down', () =>
  nestApp({ '@nestjs/terminus': '^10.2.3' }, ({ read }) => {
    const indicator = read('src/database/database.health.ts');
    assert.match(indicator, "import { HealthCheckError, HealthIndicator } from '@nestjs/terminus';");
    assert.match(indicator, 'export class DatabaseHealthIndicator extends HealthIndicator {');
    assert.match(indicator, 'throw new HealthCheckError(');
  }));

test('without @nestjs/terminus: the plain controller answering farm-db health+json, no Terminus import', () =>
  nestApp({}, ({ read, changed }) => {
    assert.not.ok(changed.includes('src/database/database.health.ts'));
    assert.match(read('src/database/health.controller.ts'), "@Header('Content-Type', 'application/health+json')");
    assert.not.match(read('src/database/database.module.ts'), 'terminus');
  }));

test('setGlobalPrefix: none, a prefix, and slashes around it', () => {
  assert.equal(pathWith('await app.listen(3000);'), { path: '/health/db' });
  assert.equal(pathWith("app.setGlobalPrefix('api');"), { path: '/api/health/db' });
  assert.equal(pathWith("app.setGlobalPrefix('/api/v1/');"), { path: '/api/v1/health/db' });
  assert.equal(pathWith("app.setGlobalPrefix('api', {});"), { path: '/api/health/db' });
});

test('an exclude that covers health/db keeps it at the root: exact, Nest 10 and 11 wildcards, { path, method: GET }', () => {
  for (const exclude of ["'health/db'", "'/health/db'", "'health/(.*)'", "'health/*'", "'health/*path'", "'health/{*splat}'", "'health/:check'",
    "{ path: 'health/db', method: RequestMethod.GET }", "{ path: 'health/(.*)', method: RequestMethod.ALL }", "{ path: 'health/db' }"]) {
    assert.equal(pathWith(`app.setGlobalPrefix('api', { exclude: ['metrics', ${exclude}] });`), { path: '/health/db' }, exclude);
  }
});

test('an exclude that does not cover it: another path, only the parent, or another method', () => {
  for (const exclude of ["'health'", "'healthz'", "'metrics/(.*)'", "{ path: 'health/db', method: RequestMethod.POST }"]) {
    assert.equal(pathWith(`app.setGlobalPrefix('api', { exclude: [${exclude}] });`), { path: '/api/health/db' }, exclude);
  }
});

test('a prefix or exclude farm-db cannot read (a variable) is said to be uncertain, never guessed silently', () => {
  assert.equal(pathWith('app.setGlobalPrefix(config.prefix);'), { path: '/<prefix>/health/db', uncertain: 'the global prefix (config.prefix in main.ts)' });
  assert.equal(pathWith("app.setGlobalPrefix('api', { exclude: EXCLUDED });").uncertain, 'the exclude option of setGlobalPrefix in main.ts');
  assert.equal(pathWith("app.setGlobalPrefix('api', { exclude: [probePath] });").path, '/api/health/db');
});

test('the next steps print the path the route is served at', () => {
  const result = {
    layout: { app: '', packageManager: 'npm', entry: 'src/main.ts' },
    database: { choice: 'sqlite', label: 'SQLite', external: false },
  } as AddResult;
  const check = (healthRoute: AddResult['healthRoute']) => nextSteps({ ...result, healthRoute }, FIXTURES).at(-1);
  assert.is(check(undefined), 'check the database: curl http://localhost:<port>/health/db');
  assert.is(check({ path: '/api/health/db' }), 'check the database: curl http://localhost:<port>/api/health/db');
  assert.match(check({ path: '/<prefix>/health/db', uncertain: 'the global prefix' })!, 'farm-db could not read the global prefix');
});

test.run();
