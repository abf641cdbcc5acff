import { resolve } from 'node:path';
import { colors } from '../generators/output.ts';
import type { Command } from './command.ts';
import { parseFlags } from './flags.ts';
import { print } from './print.ts';

const help = `Usage: farm db info [--dir <path>] [--json]

Shows the provider, URL (password redacted), pool, models, compose service and health.`;

async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db info', args, { dir: { type: 'string' }, json: { type: 'boolean' } });
  if (v.help) return print(help);
  const { dbInfo } = await import('../generators/db-info.ts');
  const report = await dbInfo(resolve(v.dir ?? '.'));
  if (v.json) return print(JSON.stringify(report, null, 2));
  const c = colors();
  const status = report.health.status === 'pass' ? c.green('pass') : report.health.status === 'warn' ? c.yellow('warn') : c.red('fail');
  return print([
    `${c.bold('provider')}  ${report.provider} (${report.type})`,
    `${c.bold('url')}       ${report.url ?? '(host settings)'}`,
    `${c.bold('pool')}      min ${report.pool.min}, max ${report.pool.max}, acquire ${report.pool.acquireTimeoutMs} ms, idle ${report.pool.idleTimeoutMs} ms`,
    `${c.bold('models')}    ${report.models.join(', ') || '(none found)'}`,
    `${c.bold('compose')}   ${report.compose ? `${report.compose.service} (${report.compose.image}) in ${report.compose.file}` : '(none)'}`,
    `${c.bold('migrations')} ${report.migrations}`,
    `${c.bold('health')}    ${status}${report.health.output ? `: ${report.health.output}` : ''}`,
    `${c.dim(`config: ${report.configFile}`)}`,
  ].join('\n'));
}

export const command: Command = { help, run };
