import { join } from 'node:path';
import { copyFixture, farm, typecheck, bootApp, compile, type Fixture } from './test/support/generated-project.ts';
const how: Record<Fixture, { app: string; args: string[]; build?: boolean }> = {
  'express-esm': { app: '', args: ['src/index.ts'] },
  'express-cjs-tabs': { app: '', args: ['-r', './scripts/register-aliases.cjs', 'dist/server.js'], build: true },
  'fastify-esm': { app: '', args: ['src/main.ts'] },
  'node-http': { app: '', args: ['src/server.ts'] },
  'seed-monorepo': { app: 'apps/api', args: ['src/main.ts'] },
};
const type = process.argv[2] ?? 'sqlite';
for (const fixture of Object.keys(how) as Fixture[]) {
  const dir = copyFixture(fixture);
  const r = farm(['db', 'add', '--type', type, '--yes', '--skip-install'], dir);
  console.log(`== ${fixture}: add exit ${r.code} ${r.stderr.slice(0, 300)}`);
  const tc = typecheck(join(dir, how[fixture].app));
  console.log(`   typecheck: ${tc ? tc.slice(0, 1500) : 'clean'}`);
  if (type !== 'sqlite') continue;
  try {
    if (how[fixture].build) compile(dir);
    const app = await bootApp(join(dir, how[fixture].app), how[fixture].args);
    const res = await fetch(`http://127.0.0.1:${app.port}/health/db`);
    const body = await res.json() as { status: string };
    const code = await app.stop();
    console.log(`   boot: /health/db ${res.status} ${body.status}; SIGTERM exit ${code}`);
  } catch (e) { console.log('   boot failed', (e as Error).message.slice(0, 1500)); }
}
