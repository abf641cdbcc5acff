import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveDashboard } from '../dashboard/server.ts';
import { print, UsageError } from './cli.ts';
import { openProject } from './db-migrate.ts';
import { EXIT } from './errors.ts';
import { colors } from './output.ts';

/** `farm db dashboard [--port N] [--host H]`: serves the live dashboard until Ctrl-C. */
export async function dashboardCommand(args: string[], help: string): Promise<number> {
  let v;
  try {
    v = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (v.help) return print(help);
  if (v.port !== undefined && !/^\d+$/.test(v.port)) throw new UsageError(`--port takes a number, got "${v.port}"`);
  const project = await openProject(resolve(v.dir ?? '.'));
  try {
    const served = await serveDashboard(project.db, { host: v.host, port: v.port === undefined ? undefined : Number(v.port) });
    const guarded = project.db.config.monitoring.dashboardToken ? ' (add ?token=<your token> to the address)' : '';
    console.log(`${colors().green('farm-db dashboard')} on ${served.url}${guarded}  ·  metrics at ${served.url}metrics  ·  Ctrl-C to stop`);
    await new Promise<void>(done => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await served.close();
    return EXIT.ok;
  } finally {
    await project.db.shutdown();
  }
}
