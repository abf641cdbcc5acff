/**
 * Preloaded into a fixture app (`NODE_OPTIONS=--import <this file>`): reports on stderr when the
 * app's DatabaseManager starts and ends its shutdown, and the exit, with timestamps, so a test can
 * tell that the database closed after the requests in flight and before the process ended.
 * farm-db/runtime is resolved from the app's folder: the instance the app itself loads.
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const say = (line: string) => writeSync(2, `[probe] ${line} at=${Date.now()}\n`);
const runtime = createRequire(join(process.cwd(), 'package.json')).resolve('farm-db/runtime');
const { DatabaseManager } = (await import(pathToFileURL(runtime).href)) as typeof import('../../runtime/index.ts');
const original = DatabaseManager.prototype.shutdown;
DatabaseManager.prototype.shutdown = function shutdown(this: InstanceType<typeof DatabaseManager>) {
  say('db shutdown started');
  return original.call(this).then(() => {
    say('db closed');
  });
};
process.on('exit', code => say(`exit ${code}`));
