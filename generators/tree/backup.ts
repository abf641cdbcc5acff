import type { Tree } from './tree.ts';

/**
 * Stages a copy of the user's `content` of `path` before --force overwrites it, never over an
 * earlier backup: `.orig`, then `.orig.1`, `.orig.2`, … A backup already holding exactly this
 * content is enough. Returns the backup's path.
 */
export function stageBackup(tree: Tree, path: string, content: string): string {
  for (let n = 0; ; n++) {
    const backup = n === 0 ? `${path}.orig` : `${path}.orig.${n}`;
    if (!tree.exists(backup)) {
      tree.write(backup, content);
      return backup;
    }
    if (tree.read(backup) === content) return backup;
  }
}
