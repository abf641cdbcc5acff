import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatabaseManager } from '../runtime/index.ts';

/**
 * A switch with --migrate owes the new database its baseline migration once the project files
 * point at it. The debt is written down before the files change, so a switch killed between the
 * two (during the install, say) is finished by the next run instead of being forgotten.
 */
export interface PendingBaseline {
  /** The database type the project is switched to. */
  type: string;
  /** The baseline's name, as `baseline <name>` gives it (`baseline_postgresql`). */
  name: string;
  /** The migration files before the switch: a baseline file not among them is this switch's. */
  files: string[];
}

const PATH = '.farm/pending-baseline.json';
const stem = (file: string) => file.replace(/\.(ts|js)$/, '');

export function pendingBaselinePath(dir: string, app: string): string {
  return join(dir, app, PATH);
}

export function recordPendingBaseline(path: string, type: string, name: string, migrationsDir: string): void {
  const pending: PendingBaseline = { type, name, files: migrationFiles(migrationsDir) };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(pending, null, 2)}\n`);
}

export function readPendingBaseline(path: string): PendingBaseline | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PendingBaseline;
  } catch {
    return undefined; // cut short while written: the switch it stood for never reached its commit
  }
}

export function clearPendingBaseline(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Writes the baseline `db` is owed (see PendingBaseline) unless an earlier run got as far as
 * recording it; a baseline file that run wrote but never recorded is replaced. Returns its name.
 */
export async function completeBaseline(db: DatabaseManager, pending: PendingBaseline, migrationsDir: string): Promise<string> {
  const migrations = await db.migrations();
  const applied = new Set((await migrations.history()).filter(entry => entry.direction === 'up' && !entry.error).map(entry => stem(entry.name)));
  const ours = migrationFiles(migrationsDir).filter(file => !pending.files.includes(file) && file.endsWith(`_${pending.name}`));
  const recorded = ours.find(file => applied.has(file));
  if (recorded) return recorded;
  for (const file of ours) for (const ext of ['.ts', '.js']) rmSync(join(migrationsDir, `${file}${ext}`), { force: true });
  return migrations.baseline(pending.name);
}

function migrationFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(file => /^Migration\d{14}.*\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')).map(stem);
}
