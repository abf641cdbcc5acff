import { resolve } from 'node:path';
import { serveDashboard } from '../dashboard/server.ts';
import { openProject } from '../generators/db-migrate.ts';
import { EXIT } from '../generators/errors.ts';
import { colors } from '../generators/output.ts';
import type { Command } from './command.ts';
import { parseFlags, UsageError } from './flags.ts';
import { print } from './print.ts';

const help = `Usage: farm db dashboard [--app <url>] [--port <n>] [--host <address>] [--dir <path>]

Serves the live dashboard (queries/s, latency, pool, connections, health, slow queries, errors,
migrations, alerts) and /metrics for Prometheus, from this project's farm.config.ts.
Alone it sees the database server and its own process only, not your app's queries or pool:
attach it to the running app to see those.
  --app <url>        the app's mounted dashboard (db.dashboard()), e.g. http://127.0.0.1:3000/_db:
                     shows the app's queries/s, latency, pool, slow queries, errors and alerts.
                     Its token: FARM_DASHBOARD_APP_TOKEN, else this project's dashboardToken
                     (FARM_DASHBOARD_TOKEN); it is never printed
  --port <n>         default 4100
  --host <address>   default 127.0.0.1; any other address needs database.monitoring.dashboardToken
                     (or FARM_DASHBOARD_TOKEN)
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help

Examples:
  farm db dashboard                        http://127.0.0.1:4100
  farm db dashboard --app http://127.0.0.1:3000/_db
  FARM_DASHBOARD_TOKEN=secret farm db dashboard --host 0.0.0.0 --port 8080`;

/** Serves the live dashboard until Ctrl-C. */
async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db dashboard', args, {
    app: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    dir: { type: 'string' },
  });
  if (v.help) return print(help);
  if (v.port !== undefined && !/^\d+$/.test(v.port)) throw new UsageError(`--port takes a number, got "${v.port}"`);
  const project = await openProject(resolve(v.dir ?? '.'));
  try {
    const ownToken = project.db.config.monitoring.dashboardToken ?? undefined;
    const app = v.app === undefined ? undefined : { url: v.app, token: process.env.FARM_DASHBOARD_APP_TOKEN || ownToken };
    const port = v.port === undefined ? undefined : Number(v.port);
    const served = await serveDashboard(project.db, { host: v.host, port, standalone: !app, app });
    const guarded = ownToken ? ' (add ?token=<your token> to the address)' : '';
    const shows = served.attachedTo
      ? `the figures of the app at ${served.attachedTo}`
      : 'server-side figures and this process only (--app <url> attaches to your app)';
    const where = `${colors().green('farm-db dashboard')} on ${served.url}${guarded}`;
    console.log(`${where}  ·  shows ${shows}  ·  metrics at ${served.url}metrics  ·  Ctrl-C to stop`);
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

export const command: Command = { help, run };
