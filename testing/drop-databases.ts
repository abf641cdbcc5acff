/**
 * Run as a child process by the exit hooks (an 'exit' listener cannot await):
 * `node drop-databases.js '<json: [{ config, names }]>'` drops the databases and exits.
 */
import type { DatabaseConfig } from '../config/types.ts';
import { testServer } from './servers/index.ts';

const groups = JSON.parse(process.argv[2] ?? '[]') as { config: DatabaseConfig; names: string[] }[];
let failed = false;
for (const { config, names } of groups) {
  await testServer(config)
    .drop(names)
    .catch(error => {
      failed = true;
      console.error(`[farm-db] could not drop test databases ${names.join(', ')}: ${(error as Error).message}`);
    });
}
process.exit(failed ? 1 : 0);
