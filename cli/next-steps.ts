import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddResult } from '../generators/db-add.ts';

/**
 * What to do after `db add` wrote the project: start the database it planned (a compose service;
 * nothing for SQLite or an existing URL), boot the app with its own script, check /health/db.
 */
export function nextSteps(result: AddResult, root: string): string[] {
  const { database, layout } = result;
  const appDir = join(root, layout.app);
  const steps: string[] = [];
  if (database.composeService) {
    const file = database.composeFile!;
    const fileFlag = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].includes(file) ? '' : ` -f ${file}`;
    steps.push(`start ${database.label}: docker compose${fileFlag} up -d ${database.composeService}`);
  } else if (database.external) {
    steps.push(`nothing to start: the app connects to the database in DATABASE_URL (${layout.app ? `${layout.app}/` : ''}.env)`);
  } else {
    steps.push(`nothing to start: ${database.label} runs inside the app`);
  }
  steps.push(`boot the app: ${bootCommand(appDir, layout.packageManager, layout.entry, layout.app)}`);
  const { path, uncertain } = result.healthRoute ?? { path: '/health/db' };
  const check = `check the database: curl http://localhost:${appPort(join(root, layout.entry)) ?? '<port>'}${path}`;
  steps.push(uncertain ? `${check} (farm-db could not read ${uncertain}: the path may differ)` : check);
  return steps;
}

function bootCommand(appDir: string, packageManager: string, entry: string, app: string): string {
  let scripts: Record<string, string> = {};
  try {
    scripts = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')).scripts ?? {};
  } catch {
    // No readable package.json: fall back to running the entry.
  }
  const cd = app ? `cd ${app} && ` : '';
  const script = ['dev', 'start'].find(name => scripts[name]);
  const runner = (name: string) => `${packageManager === 'npm' && name !== 'start' ? 'npm run' : packageManager} ${name}`;
  // A start script that runs compiled output needs the build first.
  const build = script === 'start' && scripts.build && /\b(dist|build|out|lib)\//.test(scripts.start!) ? `${runner('build')} && ` : '';
  if (script) return `${cd}${build}${runner(script)}`;
  return `node ${entry}`;
}

/** The port the entry listens on when it says so (`PORT ?? 3000`, `listen(8080`). */
function appPort(entryFile: string): string | undefined {
  let source = '';
  try {
    source = readFileSync(entryFile, 'utf8');
  } catch {
    return undefined;
  }
  return /PORT\)?\s*(?:\?\?|\|\|)\s*['"]?(\d{2,5})/.exec(source)?.[1] ?? /\blisten\(\s*(?:\{\s*port:\s*)?(\d{2,5})/.exec(source)?.[1];
}
