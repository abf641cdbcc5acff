/**
 * The wiring codemods on each app shape, in memory (planAdd: nothing is written): where the route,
 * initialize() and the shutdown land, and what becomes a manual step.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAdd } from '../../generators/db-add.ts';
import { farm } from '../support/generated-project.ts';
import { editProblem } from '../../generators/steps/entry/verify.ts';
import { unresolved } from '../../generators/steps/syntax/scope.ts';
import { parseSource } from '../../generators/steps/syntax/source.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

async function plan(dir: string, entry?: string) {
  const { tree, ctx } = await planAdd({ dir, choice: 'sqlite', force: false, entry });
  return { read: (path: string) => tree.read(path)!, ctx, changed: tree.changes().map(c => c.path) };
}

const fixture = (name: string) => plan(join(FIXTURES, name));

/** A throwaway project from inline files; removed after `fn`, also on failure. */
async function project(files: Record<string, string>, fn: (result: Awaited<ReturnType<typeof plan>>) => void | Promise<void>, entry?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'farm-wiring-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    await fn(await plan(dir, entry));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const before = (text: string, first: string, second: string) => {
  const a = text.indexOf(first);
  const b = text.indexOf(second);
  return a >= 0 && b >= 0 && a < b;
};
const count = (text: string, part: string) => text.split(part).length - 1;
const unresolvedIn = (path: string, text: string, names: string[]) => unresolved(parseSource(path, text).source, names);

const test = suite('wiring an app through its framework adapter');

test('express made in server.ts: the route goes there, before Swagger UI at / and the 404 catch-all; initialize() stays before listen in index.ts', async () => {
  const { read } = await fixture('express-swagger');
  const server = read('src/server.ts');
  assert.ok(before(server, "app.get('/health/db'", "app.use('/', swaggerUi.serve"));
  assert.ok(before(server, "app.get('/health/db'", "res.status(404)"));
  assert.ok(before(read('src/index.ts'), 'await db.initialize();', 'app.listen(port'));
});

test("a named SIGTERM handler with server.close(cb): the database closes inside the callback, before the app's own exit; no second handler", async () => {
  const { read } = await fixture('express-swagger');
  const index = read('src/index.ts');
  assert.match(index, /server\.close\(async \(\) => \{\n {4}console\.log\('server closed'\);\n {4}await db\.shutdown\(\);\n {4}process\.exit\(\);/);
  assert.is(count(index, 'process.on('), 2);
  assert.is(count(index, 'process.once('), 0);
});

test('koa: the health middleware comes before koa-jwt', async () => {
  const { read } = await fixture('koa-jwt');
  assert.ok(before(read('src/app.ts'), "ctx.path !== '/health/db'", 'app.use(jwt('));
});

test('an app without shutdown gets handlers that close the server, then the database, then exit', async () => {
  const { read } = await fixture('koa-jwt');
  const app = read('src/app.ts');
  assert.match(app, /const server = app\.listen\(port/);
  assert.ok(before(app, 'server.close(async () => {', 'await db.shutdown();'));
  assert.ok(before(app, 'await db.shutdown();', 'process.exit(0);'));
});

test('Hono on @hono/node-server: route, initialize() before serve(), the server serve() returns closes first', async () => {
  const { read } = await fixture('hono-node');
  const index = read('src/index.ts');
  assert.ok(before(index, "app.get('/health/db'", "app.use('/links/*', bearerAuth"));
  assert.ok(before(index, 'await db.initialize()\nconst server = serve({', 'server.close(async () => {'));
  assert.not.match(index, /;\n/, 'no semicolons in a project without them');
});

test('tRPC standalone: the route is the server\'s middleware option', async () => {
  const { read } = await fixture('trpc-standalone');
  const server = read('src/server.ts');
  assert.match(server, /createHTTPServer\(\{\n {2}middleware: async \(req, res, next\) => \{\n {4}if \(req\.url !== '\/health\/db'\) return next\(\);/);
  assert.ok(before(server, 'await db.initialize();', 'const server = createHTTPServer('));
});

test('tRPC inside Express: wired as the Express app it is, inside main()', async () => {
  const { read, ctx } = await fixture('trpc-express');
  assert.is(ctx.layout.framework, 'express');
  const index = read('src/index.ts');
  assert.ok(before(index, "  app.get('/health/db'", "  app.use('/trpc'"));
  assert.match(index, / {2}await db\.initialize\(\);\n {2}const server = app\.listen\(port/);
});

test('fastify made inside an async function: hook, route and handlers go into that function, where `fastify` is in scope', async () => {
  const { read } = await fixture('fastify-function');
  const main = read('src/main.ts');
  assert.match(main, /\n {2}fastify\.addHook\('onClose', async \(\) => \{\n {4}await db\.shutdown\(\);/);
  assert.match(main, /\n {4}process\.once\(signal, \(\) => \{\n {6}fastify\.server\.keepAliveTimeout = 1;\n {6}fastify\.close\(\)\.then\(\(\) => process\.exit\(0\)\);/);
  assert.not.match(main, /^for \(const signal/m, 'no handler at module level');
});

test('express made in a class: the route opens the constructor, initialize() and handlers go into start()', async () => {
  const { read } = await fixture('express-class');
  const server = read('src/server.ts');
  assert.match(server, /constructor\(private readonly port: number\) \{\n {4}this\.app\.get\('\/health\/db'/);
  assert.match(server, /async start\(\) \{\n {4}await db\.initialize\(\);\n {4}const server = this\.app\.listen\(/);
});

test("an app with its own `db`: farm-db's is imported under a free name, and the app's db is never initialized", async () => {
  const { read } = await fixture('express-own-db');
  const index = read('src/index.ts');
  assert.match(index, /import \{ db as farmDb \} from '\.\/database\/index\.js';/);
  assert.match(index, /await farmDb\.initialize\(\);/);
  assert.not.match(index, /\bdb\.(initialize|shutdown|healthCheck)\(/);
});

test('vite-plugin-node: the production listen starts after initialize() without top-level await (the bundle may be CommonJS); the dev server is a manual step', async () => {
  const { read, ctx } = await fixture('vite-node');
  const app = read('src/app.ts');
  assert.match(app, /if \(import\.meta\.env\.PROD\) \{\n[^]*async function start\(\) \{\n {4}await db\.initialize\(\);\n {4}const server = app\.listen\(/);
  assert.not.match(app, /^await /m, 'no top-level await');
  assert.ok(before(app, 'if (import.meta.env.PROD)', 'process.once(signal'), 'signal handlers only where the app listens, not on every dev reload');
  assert.equal(ctx.manualSteps.map(step => /dev server owns listen/.test(step.title)), [true]);
});

test('NestJS: a global DatabaseModule in the root module, enableShutdownHooks() in main.ts, and no process.on anywhere', async () => {
  const { read, changed } = await fixture('nest-starter');
  assert.match(read('src/app.module.ts'), /imports: \[DatabaseModule\],/);
  assert.match(read('src/app.module.ts'), /import \{ DatabaseModule \} from '\.\/database\/database\.module';/);
  assert.match(read('src/main.ts'), / {2}app\.enableShutdownHooks\(\);\n {2}await app\.listen\(/);
  const module = read('src/database/database.module.ts');
  assert.match(module, /@Global\(\)/);
  assert.match(module, /onApplicationShutdown\(\): Promise<void> \{\n {4}await db\.shutdown\(\);/);
  assert.match(read('src/database/health.controller.ts'), /@Get\('db'\)/);
  for (const path of changed.filter(p => p.endsWith('.ts'))) assert.not.match(read(path), /process\.on/, path);
});

const CJS = {
  'package.json': JSON.stringify({ name: 'cjs-api', scripts: { start: 'node dist/index.js' }, dependencies: { express: '^5.1.0' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', outDir: 'dist', strict: true } }),
};

test('a multi-line listen() moved into start() in CommonJS keeps its lines, one level deeper, nothing else changed', () =>
  project({
    ...CJS,
    'src/index.ts': [
      "import express from 'express';",
      '',
      'const app = express();',
      '',
      'app.listen(3000, () => {',
      "  if (process.env.DEBUG) {",
      "    console.log('nested body');",
      '  }',
      '});',
      '',
    ].join('\n'),
  }, ({ read }) => {
    const index = read('src/index.ts');
    assert.match(index, /async function start\(\) \{\n {2}await db\.initialize\(\);\n {2}const server = app\.listen\(3000, \(\) => \{\n {4}if \(process\.env\.DEBUG\) \{\n {6}console\.log\('nested body'\);\n {4}\}\n {2}\}\);/);
  }));

test('CommonJS: an exported `const server = app.listen()` moved into start() stays exported, declared above it', () =>
  project({
    ...CJS,
    'src/index.ts': "import express from 'express';\n\nconst app = express();\n\nexport const server = app.listen(3000);\n",
  }, ({ read }) => {
    const index = read('src/index.ts');
    assert.match(index, 'export let server!: ReturnType<typeof app.listen>;\nasync function start() {');
    assert.match(index, '  server = app.listen(3000);');
  }));

test('an app made by a chain that starts with `new` (`new Koa().use(…)`): the route goes right after it', () =>
  project({
    'package.json': JSON.stringify({ name: 'koa-chain', type: 'module', dependencies: { koa: '^2.16.0' } }),
    'src/index.ts': "import Koa from 'koa';\n\nconst app = new Koa().use(async (ctx, next) => next());\n\napp.listen(3000);\n",
  }, ({ read }) => {
    const index = read('src/index.ts');
    assert.ok(before(index, 'const app = new Koa()', '/health/db'));
    assert.ok(before(index, '/health/db', 'app.listen(3000)'));
  }));

const ESM_EXPRESS = { 'package.json': JSON.stringify({ name: 'esm-api', type: 'module', dependencies: { express: '^5.1.0' } }) };

test('a comment that ends a line stays on it: the import, the route and the handlers go after it', () =>
  project({
    ...ESM_EXPRESS,
    'src/index.ts': "import express from 'express'; // the framework\n\nconst app = express(); /* main app */\n\napp.listen(3000); // go\n",
  }, ({ read }) => {
    const index = read('src/index.ts');
    for (const line of ["import express from 'express'; // the framework\n", 'const app = express(); /* main app */\n', 'app.listen(3000); // go\n']) {
      assert.ok(index.includes(line), line);
    }
    assert.ok(before(index, '// the framework', "import { db }"));
    assert.ok(before(index, '/* main app */', '/health/db'));
    assert.ok(before(index, '// go', "for (const signal of"));
  }));

test('a file with CRLF line ends gets CRLF in every inserted line, and the blank line after the route', () =>
  project({
    ...ESM_EXPRESS,
    'src/index.ts': "import express from 'express';\r\n\r\nconst app = express();\r\napp.get('/', (_req, res) => res.send('ok'));\r\n\r\napp.listen(3000);\r\n",
  }, ({ read }) => {
    const index = read('src/index.ts');
    assert.not.match(index, /[^\r]\n/);
    assert.match(index, /\}\);\r\n\r\napp\.get\('\/'/);
  }));

test('a server assigned to a field (`this.http = this.app.listen()`): initialize() before it, the handlers close that field', () =>
  project({
    ...ESM_EXPRESS,
    'src/index.ts': [
      "import express from 'express';",
      "import type { Server } from 'node:http';",
      '',
      'class Api {',
      '  app = express();',
      '  http?: Server;',
      '',
      '  async start(port: number) {',
      '    this.http = this.app.listen(port);',
      '  }',
      '}',
      '',
      'await new Api().start(3000);',
      '',
    ].join('\n'),
  }, ({ read }) => {
    const index = read('src/index.ts');
    assert.ok(before(index, 'await db.initialize();', 'this.http = this.app.listen(port);'));
    assert.match(index, /this\.http = this\.app\.listen\(port\);\n\n {4}for \(const signal of \['SIGINT', 'SIGTERM'\] as const\) \{\n {6}process\.once\(signal, \(\) => \{\n {8}this\.http!\.close\(async \(\) => \{/);
  }));

test('a handler that closes the server without a callback: the database closes in a callback given to that close()', () =>
  project({
    ...ESM_EXPRESS,
    'src/index.ts': [
      "import express from 'express';",
      '',
      'const app = express();',
      'const server = app.listen(3000);',
      '',
      "process.on('SIGTERM', () => server.close());",
      "process.on('SIGINT', () => {",
      "  console.log('bye');",
      '  server.close();',
      '});',
      '',
    ].join('\n'),
  }, ({ read }) => {
    const index = read('src/index.ts');
    assert.match(index, "process.on('SIGTERM', () => server.close(async () => {\n  await db.shutdown();\n}));");
    assert.match(index, "  console.log('bye');\n  server.close(async () => {\n    await db.shutdown();\n  });\n});");
    assert.is(count(index, 'db.shutdown()'), 2);
  }));

test('a close() of something other than the server gets no callback: the database closes at the end of the handler', () =>
  project({
    ...ESM_EXPRESS,
    'src/index.ts': "import express from 'express';\n\nconst app = express();\nconst server = app.listen(3000);\nconst queue = { close() {} };\n\n" +
      "process.on('SIGTERM', () => {\n  queue.close();\n});\n",
  }, ({ read }) => {
    assert.match(read('src/index.ts'), "  queue.close();\n  await db.shutdown();\n});");
  }));

test('CommonJS node:http with the handler inside `createServer(…).listen()`: the route is in the handler moved into start()', () =>
  project({
    ...CJS,
    'src/index.ts': "import { createServer } from 'node:http';\n\ncreateServer((req, res) => {\n  res.end('ok');\n}).listen(3000);\n",
  }, ({ read, ctx }) => {
    const index = read('src/index.ts');
    assert.equal(ctx.manualSteps.map(s => s.title), []);
    assert.match(index, "async function start() {\n  await db.initialize();\n  const server = createServer(async (req, res) => {\n    if (req.url === '/health/db') {");
    assert.match(index, "    res.end('ok');\n  }).listen(3000);\n");
  }));

test('a function that starts the server and returns it is not made async: the start is a manual step, its callers unchanged', () =>
  project({
    ...ESM_EXPRESS,
    'src/index.ts': [
      "import express from 'express';",
      '',
      'const app = express();',
      '',
      'function start(port: number) {',
      '  const server = app.listen(port);',
      '  return server;',
      '}',
      '',
      'const server = start(3000);',
      "process.on('SIGTERM', () => server.close());",
      '',
    ].join('\n'),
  }, ({ read, ctx }) => {
    const index = read('src/index.ts');
    assert.match(index, 'function start(port: number) {\n  const server = app.listen(port);');
    assert.not.match(index, 'async function start');
    assert.ok(ctx.manualSteps.some(s => s.title.startsWith('could not wire the start of the server')), JSON.stringify(ctx.manualSteps));
  }));

test('an ES module keeps a multi-line listen() byte for byte', () =>
  project({
    'package.json': JSON.stringify({ name: 'esm-api', type: 'module', scripts: { start: 'node src/index.ts' }, dependencies: { express: '^5.1.0' } }),
    'src/index.ts': "import express from 'express';\n\nconst app = express();\n\nconst server = app.listen(\n        3000,\n   () => console.log('odd indent'),\n);\n",
  }, ({ read }) => {
    assert.ok(read('src/index.ts').includes("const server = app.listen(\n        3000,\n   () => console.log('odd indent'),\n);"));
  }));

test('an unknown framework: initialize and shutdown wired around .listen(), the route is a manual step with its snippet', () =>
  project({
    'package.json': JSON.stringify({ name: 'odd', type: 'module', scripts: { start: 'node src/index.ts' }, dependencies: { 'tiny-http-thing': '1.0.0' } }),
    'src/index.ts': "import { makeServer } from 'tiny-http-thing';\n\nconst server = makeServer();\nserver.listen(3000);\n",
  }, ({ read, ctx }) => {
    const index = read('src/index.ts');
    assert.match(index, /await db\.initialize\(\);\nconst httpServer = server\.listen\(3000\);/);
    assert.ok(before(index, 'httpServer.close(async () => {', 'await db.shutdown();'));
    assert.is(ctx.manualSteps.length, 1);
    assert.match(ctx.manualSteps[0]!.title, /GET \/health\/db/);
    assert.match(ctx.manualSteps[0]!.snippet, /db\.healthCheck\(\)/);
  }));

test('the CLI prints the manual steps in one block at the end and exits 3 (written, manual steps remain)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'farm-wiring-cli-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'odd', type: 'module', dependencies: { 'tiny-http-thing': '1.0.0' } }));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/index.ts'), "import { makeServer } from 'tiny-http-thing';\n\nconst server = makeServer();\nserver.listen(3000);\n");
    const run = farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], dir);
    assert.is(run.code, 3, `${run.stdout}\n${run.stderr}`);
    const at = run.stdout.indexOf('remain for you to do by hand');
    assert.ok(at >= 0, run.stdout);
    const block = run.stdout.slice(at);
    assert.match(block, /1\. add GET \/health\/db/);
    assert.match(block, /db\.healthCheck\(\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the scope check reports an inserted name that is out of scope where it landed', () => {
  const text = "async function init() {\n  const fastify = {} as { close(): Promise<void> };\n}\nprocess.once('SIGTERM', () => fastify.close());\n";
  assert.equal(unresolvedIn('farm-wiring-scope-check.ts', text, ['fastify']), ['fastify (farm-wiring-scope-check.ts:4)']);
});

test('a member named like an inserted name is not a reference to it; a shorthand property is', () => {
  const text = "import { db as database } from './database/index.js';\nconst config = { db: 1 };\nawait database.initialize();\n" +
    "config.db;\nexport const wiring = { db };\n";
  assert.equal(unresolvedIn('farm-wiring-members.ts', text, ['db', 'database']), ['db (farm-wiring-members.ts:5)']);
});

test('a re-run of a wired app plans no change to its code', async () => {
  await project({
    'package.json': JSON.stringify({ name: 'esm-api', type: 'module', scripts: { start: 'node src/index.ts' }, dependencies: { express: '^5.1.0' } }),
    'src/app.ts': "import express from 'express';\nimport { db } from './database/index.js';\n\nexport const app = express();\n\napp.get('/health/db', async (_req, res) => {\n  res.json(await db.healthCheck());\n});\n",
    'src/index.ts': "import { app } from './app.js';\nimport { db } from './database/index.js';\n\nawait db.initialize();\nconst server = app.listen(3000);\nprocess.once('SIGTERM', () => server.close(async () => {\n  await db.shutdown();\n}));\n",
  }, ({ changed }) => {
    assert.not.ok(changed.includes('src/index.ts'));
    assert.not.ok(changed.includes('src/app.ts'));
  });
});


test('a plain CommonJS .js entry: the start it would need in TypeScript syntax is a manual step, and the file stays as it was', () => {
  const server = "const express = require('express');\n\nconst app = express();\nconst server = app.listen(3010);\n";
  const files = { 'package.json': '{ "name": "cjs-js", "dependencies": { "express": "4.21.2" } }', 'src/server.js': server };
  return project(files, ({ read, ctx }) => {
    assert.is(read('src/server.js'), server);
    const step = ctx.manualSteps.find(s => s.title.startsWith('src/server.js was left as it is'));
    assert.ok(step, JSON.stringify(ctx.manualSteps.map(s => s.title)));
    assert.match(step!.title, 'would not parse');
  }, 'src/server.js');
});

test('edited text that does not parse is refused with its line, before any name is checked', () => {
  const text = "const app = express();\nlet server!: ReturnType<typeof app.listen>;\n";
  assert.match(editProblem('src/server.js', text, ['db']) ?? '', /would not parse \(.+, line 2\)/);
  assert.is(editProblem('src/server.ts', text, ['server']), undefined);
});

test.run();
