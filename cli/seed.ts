import { join, resolve } from 'node:path';
import { openProject } from '../generators/db-migrate.ts';
import { colors } from '../generators/output.ts';
import { createSeedFile, seedsDir } from '../generators/seed-file.ts';
import { runSeedCommand } from '../migrations/seed-command.ts';
import type { Command } from './command.ts';
import { parseFlags, UsageError } from './flags.ts';
import { print } from './print.ts';

const help = `Usage: farm db seed [options]

Runs the seed files of src/database/seeds (each exports a function that receives the
EntityManager) in file-name order, one transaction per file. The generated seeds upsert by a
natural key, so running them twice leaves the same rows.

Options:
  --only <name>      run only this seed (file name, with or without .ts); repeatable
  --fresh            drop and recreate the schema first (migrations run again), then seed;
                     refused when NODE_ENV=production unless --force
  --force            with --fresh: also in production
  --create <name>    write a new seed file (numbered after the last one) instead of running seeds
  --model <Name>     with --create: the model it fills (default: the project's only model)
  --key <property>   with --create: the natural key rows are matched on (default: name)
  --dir <path>       the project root (default: current folder)
  -h, --help         show this help

Examples:
  farm db seed                              run every seed
  farm db seed --only 001-plans
  farm db seed --fresh                      an empty schema, then the seeds (not in production)
  farm db seed --create plans --model Plan --key code`;

const FLAGS = {
  only: { type: 'string', multiple: true }, fresh: { type: 'boolean' }, force: { type: 'boolean' },
  create: { type: 'string' }, model: { type: 'string' }, key: { type: 'string' }, dir: { type: 'string' },
} as const;

async function run(args: string[]): Promise<number> {
  const { values: v } = parseFlags('db seed', args, FLAGS);
  if (v.help) return print(help);
  const dir = resolve(v.dir ?? '.');
  if (v.create !== undefined) {
    if (v.only || v.fresh || v.force) throw new UsageError('--create writes a seed file: it goes without --only, --fresh and --force');
    const path = createSeedFile({ dir, name: v.create, model: v.model, key: v.key });
    return print(`${colors().green('created')} ${path}\nFill in its rows, then run: farm db seed --only ${path.split('/').at(-1)!.replace(/\.ts$/, '')}`);
  }
  if (v.model || v.key) throw new UsageError('--model and --key go with --create');
  if (v.force && !v.fresh) throw new UsageError('--force goes with --fresh');
  const project = await openProject(dir);
  try {
    return await runSeedCommand({ db: project.db, dir: join(project.root, seedsDir(project.layout)), only: v.only, fresh: v.fresh, force: v.force });
  } finally {
    await project.db.shutdown();
  }
}

export const command: Command = { help, run };
