import { resolve } from 'node:path';
import { importSnapshot, progressReporter } from '../portability/index.ts';
import { openProject } from '../generators/db-migrate.ts';
import type { Command } from './command.ts';
import { parseFlags, UsageError } from './flags.ts';
import { print } from './print.ts';
import { BATCH_SIZE, printVerification, warnUser } from './transfer-output.ts';

const help = `Usage: farm db import <folder> [--replace] [--dir <path>]

Checks the whole snapshot (manifest, models, every file's count and checksum) before loading
anything; then loads it in batches and verifies. An interrupted import resumes when run again.
  --replace          delete the rows already in the database first
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help

Examples:
  farm db import backups/today
  farm db import backups/today --replace`;

/** Loads a snapshot after checking it whole, then verifies. */
async function run(args: string[]): Promise<number> {
  const flags = { replace: { type: 'boolean' }, dir: { type: 'string' } } as const;
  const { values: v, positionals } = parseFlags('db import', args, flags, { positionals: 1 });
  if (v.help) return print(help);
  if (!positionals[0]) throw new UsageError('name the snapshot folder: farm db import <folder>');
  const project = await openProject(resolve(v.dir ?? '.'));
  try {
    const rows = await importSnapshot(project.db, resolve(positionals[0]), {
      batchSize: BATCH_SIZE, replace: Boolean(v.replace), progress: progressReporter(), warn: warnUser,
    });
    return printVerification(rows, 'the snapshot');
  } finally {
    await project.db.shutdown();
  }
}

export const command: Command = { help, run };
