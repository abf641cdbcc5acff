import { resolve } from 'node:path';
import { exportSnapshot, progressReporter } from '../portability/index.ts';
import { openProject } from '../generators/db-migrate.ts';
import { colors } from '../generators/output.ts';
import type { Command } from './command.ts';
import { parseFlags } from './flags.ts';
import { print } from './print.ts';
import { BATCH_SIZE } from './transfer-output.ts';

const help = `Usage: farm db export [--out <folder>] [--dir <path>]

Writes every model's records as JSON Lines, one file per model, with a manifest of counts and
checksums. The folder appears only when complete. Reads the database, changes nothing.

Options:
  --out <folder>     where to write it (default: farm-snapshot-<timestamp>)
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help

Examples:
  farm db export
  farm db export --out backups/today`;

/** A portable snapshot of every model. */
async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db export', args, { out: { type: 'string' }, dir: { type: 'string' } });
  if (v.help) return print(help);
  const out = resolve(v.out ?? `farm-snapshot-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`);
  const project = await openProject(resolve(v.dir ?? '.'));
  try {
    const manifest = await exportSnapshot(project.db, out, { batchSize: BATCH_SIZE, progress: progressReporter() });
    return print(`${colors().green('exported')} ${manifest.models.map(m => `${m.name} ${m.count}`).join(', ')}\n  to ${out}`);
  } finally {
    await project.db.shutdown();
  }
}

export const command: Command = { help, run };
