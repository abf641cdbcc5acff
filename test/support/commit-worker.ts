/** A child process that commits staged changes slowly (a pause before each step), to be killed part-way. */
import { readFileSync } from 'node:fs';
import { commitChanges } from '../../generators/tree/commit.ts';

const [root, changesFile, pauseMs] = process.argv.slice(2);
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(pauseMs));
const changes = JSON.parse(readFileSync(changesFile!, 'utf8'));
process.stdout.write('ready\n');
commitChanges(root!, changes, { beforeWrite: pause, beforeRename: pause });
process.stdout.write('done\n');
