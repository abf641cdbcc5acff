import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FarmRuntimeError } from '../../runtime/index.ts';
import { fileChecksum } from './checksums.ts';

export interface AppliedMigration {
  name: string;
  appliedAt: Date;
}

/** The file of migration `name` in `dir` (.ts, else .js), if there is one. */
export function migrationFile(dir: string, name: string): string | undefined {
  return [`${name}.ts`, `${name}.js`].map(f => join(dir, f)).find(f => existsSync(f));
}

/**
 * Refuses to go on when an applied migration's file changed after it ran (the database holds
 * what the old text did; the new text would never run) or was renamed (its new name looks
 * pending, and would run it again). Every such migration is named in one error. Checksums are
 * kept per file name with its extension: a tsc-built app runs the compiled `.js` of the `.ts`
 * the CLI reads, and each is compared only with itself.
 */
export function verifyApplied(dir: string, files: string[], applied: AppliedMigration[], checksums: Map<string, string>): void {
  if (checksums.size === 0) return;
  const appliedNames = new Set(applied.map(m => m.name));
  const problems: string[] = [];
  for (const migration of applied) {
    const when = migration.appliedAt.toISOString();
    const file = migrationFile(dir, migration.name);
    const recorded = file && checksums.get(basename(file));
    if (file && recorded) {
      if (fileChecksum(file) !== recorded) problems.push(`${migration.name} was applied on ${when}, and its file ${file} has changed since`);
      continue;
    }
    if (file) continue; // no checksum for this file yet: it gets one on the next migrate
    for (const ext of ['.ts', '.js']) {
      const old = checksums.get(`${migration.name}${ext}`);
      const renamed = old && files.find(name => !appliedNames.has(name) && existsSync(join(dir, `${name}${ext}`)) && fileChecksum(join(dir, `${name}${ext}`)) === old);
      if (renamed) {
        problems.push(`${renamed} is ${migration.name} renamed: that migration was applied on ${when}; under its new name it would run again`);
        break;
      }
    }
  }
  if (problems.length === 0) return;
  const subject = problems.length === 1 ? 'an applied migration has' : 'applied migrations have';
  throw new FarmRuntimeError(`${subject} changed since they ran:\n  ${problems.join('\n  ')}`, {
    hint:
      'restore each file (and its name) as it was when it ran (git checkout), and put a new change in a new migration ' +
      '(farm db migrate --create <name>); nothing was run',
  });
}
