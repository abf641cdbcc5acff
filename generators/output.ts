import pc from 'picocolors';
import type { FileChange } from './tree/tree.ts';
import { unifiedDiff } from './tree/diff.ts';

/** Colours only on a terminal, never with NO_COLOR; FORCE_COLOR turns them on anywhere. */
export function colors(stream: NodeJS.WriteStream = process.stdout) {
  const enabled = !('NO_COLOR' in process.env) && ('FORCE_COLOR' in process.env || Boolean(stream.isTTY));
  return pc.createColors(enabled);
}

export function describeChanges(changes: FileChange[]): string {
  const c = colors();
  return changes.map(change => `  ${change.type === 'create' ? c.green('create') : c.yellow('update')} ${change.path}`).join('\n');
}

/** The unified diff of every change, coloured like git's when colours are on. */
export function diffOf(changes: FileChange[]): string {
  const c = colors();
  return changes
    .map(unifiedDiff)
    .join('\n')
    .split('\n')
    .map(line => (line.startsWith('+') && !line.startsWith('+++') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line))
    .join('\n');
}
