/**
 * Loads in its own process and SIGKILLs itself the moment verification starts:
 * `node verify-kill-worker.ts import <target config json> <snapshot dir>` or
 * `node verify-kill-worker.ts transfer <target config json> <source config json>`.
 */
import { importSnapshot, transferDatabase } from '../../portability/index.ts';
import type { ProgressReporter } from '../../portability/progress.ts';
import { openPortable } from './portable-project.ts';

const [mode, targetConfig, from] = process.argv.slice(2);
const killedWhenVerifying: ProgressReporter = {
  start: model => {
    if (model.endsWith('(verify)')) process.kill(process.pid, 'SIGKILL');
  },
  advance: () => undefined,
  finish: () => undefined,
  stop: () => undefined,
};
const target = await openPortable(JSON.parse(targetConfig!), 'none');
if (mode === 'import') {
  await importSnapshot(target, from!, { batchSize: 100, progress: killedWhenVerifying });
} else {
  const source = await openPortable(JSON.parse(from!), 'none');
  await transferDatabase(source, target, { batchSize: 100, progress: killedWhenVerifying });
}
console.log('verification was never reached');
