import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EntityManager } from '@mikro-orm/core';
import { FarmRuntimeError } from './errors.ts';
import type { DatabaseManager } from './manager.ts';

/** What a seed file exports (as default, or as `seed`). */
export type SeedFunction = (em: EntityManager) => Promise<unknown> | unknown;

export interface SeedOptions {
  /** The seeds folder; defaults to `seeds` beside the migrations folder (src/database/seeds in generated apps). */
  dir?: string;
  /** Run only these seeds (file names, with or without the extension). */
  only?: string | string[];
  /** Drop and recreate the schema first (migrations rerun when there are any). Refused in production without `force`. */
  fresh?: boolean;
  force?: boolean;
  /** Where NODE_ENV is read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface SeedRun {
  name: string;
  durationMs: number;
}

const SEED_FILE = /\.(ts|mts|js|mjs)$/;

/** The seed files of `dir`, ordered by file name (prefix them 001-, 002- … to order them). */
export function seedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(file => SEED_FILE.test(file) && !file.endsWith('.d.ts'))
    .sort();
}

/**
 * Runs the seeds in file-name order, each in a transaction of its own: a seed that throws
 * leaves nothing behind, and the seeds before it stay committed. Returns what ran.
 */
export async function runSeeds(db: DatabaseManager, dir: string, options: SeedOptions = {}): Promise<SeedRun[]> {
  const env = options.env ?? process.env;
  if (options.fresh && env.NODE_ENV === 'production' && !options.force) {
    throw new FarmRuntimeError('refusing to drop and recreate the schema (--fresh) with NODE_ENV=production', {
      hint: 'this deletes every row: pass --force (force: true) if that is really meant',
    });
  }
  const files = selectSeeds(dir, options.only);
  if (options.fresh) await recreateSchema(db);
  const runs: SeedRun[] = [];
  for (const file of files) {
    const seed = await loadSeed(join(dir, file));
    const started = performance.now();
    try {
      await db.transaction(em => Promise.resolve(seed(em)));
    } catch (error) {
      throw new FarmRuntimeError(`seed ${file} failed: ${(error as Error).message}`, {
        hint: `its changes were rolled back${runs.length ? `; ${runs.map(run => run.name).join(', ')} stayed committed` : ''}`,
        cause: error,
      });
    }
    runs.push({ name: file, durationMs: Math.round(performance.now() - started) });
  }
  return runs;
}

function selectSeeds(dir: string, only: string | string[] | undefined): string[] {
  const files = seedFiles(dir);
  if (only === undefined) return files;
  const wanted = Array.isArray(only) ? only : [only];
  const stem = (file: string) => basename(file, extname(file));
  return wanted.map(name => {
    const found = files.find(file => file === name || stem(file) === name || stem(file) === stem(name));
    if (!found) {
      throw new FarmRuntimeError(`no seed named ${name} in ${dir}`, {
        hint: files.length ? `the seeds are: ${files.map(stem).join(', ')}` : 'the folder has no seed files yet',
      });
    }
    return found;
  });
}

async function loadSeed(file: string): Promise<SeedFunction> {
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown; seed?: unknown };
  const seed = module.default ?? module.seed;
  if (typeof seed !== 'function') {
    throw new FarmRuntimeError(`${file} exports no seed function`, {
      hint: 'export default async function seed(em) { … } (or export const seed = …)',
    });
  }
  return seed as SeedFunction;
}

/** Drops every table the models and migrations made, then builds the schema again the way the app does. */
async function recreateSchema(db: DatabaseManager): Promise<void> {
  const migrations = await db.migrations();
  const known = await migrations.status();
  await db.orm.schema.drop({ dropMigrationsTable: true });
  if (known.length > 0) await db.migrate();
  else await db.orm.schema.create();
}
