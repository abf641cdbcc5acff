import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DATA_COMMAND_NODE_FLAGS, isDataCommand } from '../../bin/relaunch.ts';
import { REPO } from '../support/generated-project.ts';

const relaunch = suite('farm relaunches its data commands with heap flags that keep their memory flat');

function probe(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [join(REPO, 'test/support/relaunch-probe.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(result.status, 0, result.stderr);
  const starts = result.stderr.split('\n').filter(line => line.startsWith('started ')).map(line => Number(line.slice(8)));
  return { starts, ...(JSON.parse(result.stdout) as { pid: number; execArgv: string[] }) };
}

relaunch('export, import and switch --migrate are data commands; add, info, migrate, a dry run and --help are not', () => {
  assert.ok(isDataCommand(['db', 'export', '--out', 'backup']));
  assert.ok(isDataCommand(['db', 'import', 'backup', '--replace']));
  assert.ok(isDataCommand(['db', 'switch', '--type', 'postgresql', '--migrate', '--yes']));
  assert.not.ok(isDataCommand(['db', 'switch', '--type', 'postgresql', '--yes']));
  assert.not.ok(isDataCommand(['db', 'switch', '--type', 'postgresql', '--migrate', '--dry-run']));
  assert.not.ok(isDataCommand(['db', 'add', '--type', 'sqlite']));
  assert.not.ok(isDataCommand(['db', 'migrate']));
  assert.not.ok(isDataCommand(['db', 'import', '--help']));
});

relaunch('a data command is re-executed in place with the flags: same pid, flags on', () => {
  const run = probe(['db', 'import', 'backup']);
  assert.is(run.starts.length, 2, 'started, then started again by execve');
  assert.equal(run.starts, [run.pid, run.pid]);
  for (const flag of DATA_COMMAND_NODE_FLAGS) assert.ok(run.execArgv.includes(flag), `${flag} in ${run.execArgv.join(' ')}`);
});

relaunch('any other command runs as started', () => {
  const run = probe(['db', 'add', '--type', 'sqlite']);
  assert.is(run.starts.length, 1);
  assert.equal(run.execArgv, []);
});

relaunch('a flag the user set (in NODE_OPTIONS) keeps their value; only the others are added', () => {
  const run = probe(['db', 'export'], { NODE_OPTIONS: '--max-semi-space-size=32' });
  assert.is(run.starts.length, 2);
  assert.not.ok(run.execArgv.some(flag => flag.startsWith('--max-semi-space-size')), run.execArgv.join(' '));
  assert.ok(run.execArgv.includes('--heap-growing-percent=50'));
});

relaunch('a process started with the flags is not relaunched', () => {
  const result = spawnSync(process.execPath, [...DATA_COMMAND_NODE_FLAGS, join(REPO, 'test/support/relaunch-probe.ts'), 'db', 'import', 'x'], { encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stderr.match(/^started /gm)?.length, 1);
});

relaunch.run();
