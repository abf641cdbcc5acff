import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileChange } from './tree.ts';

/**
 * Writes every change or none: first each new content goes to a temporary file beside its
 * target; only when all of them are written are they renamed into place (a rename is atomic
 * on one file system). A failure while writing removes the temporary files and leaves every
 * target untouched.
 */
export function commitChanges(root: string, changes: FileChange[]): void {
  const suffix = `.farm-${process.pid}-${Date.now().toString(36)}.tmp`;
  const written: { temp: string; target: string }[] = [];
  const createdDirs: string[] = [];
  try {
    for (const change of changes) {
      const target = join(root, change.path);
      const made = mkdirSync(dirname(target), { recursive: true });
      if (made) createdDirs.push(made);
      const temp = `${target}${suffix}`;
      writeFileSync(temp, change.after);
      written.push({ temp, target });
    }
  } catch (error) {
    for (const { temp } of written) rmSync(temp, { force: true });
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  for (const { temp, target } of written) renameSync(temp, target);
}
