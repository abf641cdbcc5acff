import { resolve } from 'node:path';
import type { MigrationsInfo } from '../generators/db-info.ts';
import { EXIT } from '../generators/errors.ts';
import { colors } from '../generators/output.ts';
import type { Command } from './command.ts';
import { parseFlags } from './flags.ts';
import { print } from './print.ts';

const help = `Usage: farm db info [--dir <path>] [--json]

Shows the provider, URL (password redacted), pool, models, compose service, migrations and health.
Connects only to ask for health; changes nothing.

Options:
  --json             the same as JSON (migrations as { status, applied, pending, latest, pendingNames })
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help

Exit codes: 0 the database answers, 1 it is unreachable (health "fail"), 2 no readable farm.config.ts.

Examples:
  farm db info
  farm db info --json | jq .migrations`;

function describeMigrations(m: MigrationsInfo): string {
  if (m.status === 'unknown') return `unknown: ${m.reason}`;
  if (m.applied + m.pending === 0) return 'none yet (farm db migrate --create <name>)';
  return `${m.applied} applied${m.latest ? ` (latest ${m.latest})` : ''}, ${m.pending} pending${m.pending ? ': run farm db migrate' : ''}`;
}

async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db info', args, { dir: { type: 'string' }, json: { type: 'boolean' } });
  if (v.help) return print(help);
  const { dbInfo } = await import('../generators/db-info.ts');
  const report = await dbInfo(resolve(v.dir ?? '.'));
  const code = report.health.status === 'fail' ? EXIT.failure : EXIT.ok;
  if (v.json) return (print(JSON.stringify(report, null, 2)), code);
  const c = colors();
  const status = report.health.status === 'pass' ? c.green('pass') : report.health.status === 'warn' ? c.yellow('warn') : c.red('fail');
  print([
    `${c.bold('provider')}  ${report.provider} (${report.type})`,
    `${c.bold('url')}       ${report.url ?? '(host settings)'}`,
    `${c.bold('pool')}      min ${report.pool.min}, max ${report.pool.max}, acquire ${report.pool.acquireTimeoutMs} ms, idle ${report.pool.idleTimeoutMs} ms`,
    `${c.bold('models')}    ${report.models.join(', ') || '(none found)'}`,
    `${c.bold('compose')}   ${report.compose ? `${report.compose.service} (${report.compose.image}) in ${report.compose.file}` : '(none)'}`,
    `${c.bold('migrations')} ${describeMigrations(report.migrations)}`,
    `${c.bold('health')}    ${status}${report.health.output ? `: ${report.health.output}` : ''}`,
    `${c.dim(`config: ${report.configFile}`)}`,
  ].join('\n'));
  return code;
}

export const command: Command = { help, run };
