import { createTwoFilesPatch } from 'diff';
import type { FileChange } from './tree.ts';

/** A unified diff of one staged change, as `git diff` would show it. */
export function unifiedDiff(change: FileChange): string {
  return createTwoFilesPatch(
    change.before === undefined ? '/dev/null' : `a/${change.path}`,
    `b/${change.path}`,
    change.before ?? '',
    change.after,
    undefined,
    undefined,
    { context: 3 },
  );
}
