import { createRequire } from 'node:module';
import { redactEnvText } from '../../config/redact.ts';
import { isSecretEnvFile } from './targets.ts';
import type { FileChange } from './tree.ts';

// Loaded on first use: printing (which every command does, `farm --version` too) rarely shows a diff.
const require = createRequire(import.meta.url);
let diff: typeof import('diff') | undefined;

/** A unified diff of one staged change, as `git diff` would show it. */
export function unifiedDiff(change: FileChange): string {
  diff ??= require('diff') as typeof import('diff');
  return diff.createTwoFilesPatch(
    change.before === undefined ? '/dev/null' : `a/${change.path}`,
    `b/${change.path}`,
    change.before ?? '',
    change.after,
    undefined,
    undefined,
    { context: 3 },
  );
}

/** The change as a dry run shows it: secrets in .env files as `***` (both sides, so the diff still lines up). */
export function withSecretsHidden(change: FileChange): FileChange {
  if (!isSecretEnvFile(change.path)) return change;
  return { ...change, before: change.before === undefined ? undefined : redactEnvText(change.before), after: redactEnvText(change.after) };
}
