/**
 * `npm run demo`: farm-db's main job, end to end. Copies examples/api (an existing API with no
 * database) to a temporary folder, runs `farm db add --type sqlite` there without questions,
 * boots the app, asks it GET /health/db and prints the answer, then stops it with SIGTERM.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, bootApp, farm } from '../test/support/generated-project.ts';

const project = mkdtempSync(join(tmpdir(), 'farm-demo-'));
cpSync(join(REPO, 'examples/api'), project, { recursive: true });
// As if installed: the app resolves farm-db (this package) from its node_modules.
mkdirSync(join(project, 'node_modules'));
symlinkSync(REPO, join(project, 'node_modules/farm-db'), 'dir');

console.log(`$ cd ${project}\n$ farm db add --type sqlite --yes --skip-install`);
const add = farm(['db', 'add', '--type', 'sqlite', '--yes', '--skip-install'], project);
process.stdout.write(add.stdout);
process.stderr.write(add.stderr);
if (add.code !== 0) process.exit(add.code ?? 1);

console.log('\n$ node src/server.ts');
const app = await bootApp(project, ['src/server.ts']);
const response = await fetch(`http://127.0.0.1:${app.port}/health/db`);
const health = await response.json();
console.log(`\n$ curl http://127.0.0.1:${app.port}/health/db  →  HTTP ${response.status}`);
console.log(JSON.stringify(health, null, 2));
const code = await app.stop();
console.log(`\napp stopped on SIGTERM with exit code ${code}`);
rmSync(project, { recursive: true, force: true });
process.exitCode = response.status === 200 && code === 0 ? 0 : 1;
