import { DATABASE_ALIASES, DATABASE_CHOICES, findSetup } from '../generators/database-setup.ts';
import { UsageError } from './flags.ts';
import { didYouMean } from './suggest.ts';

/** `--type` as typed (a choice or alias such as pg, mongo, mssql) to its choice; a typo gets a suggestion. */
export function resolveType(input: string, command: string): string {
  const setup = findSetup(input);
  if (setup) return setup.choice;
  const known = [...DATABASE_CHOICES, ...Object.keys(DATABASE_ALIASES)];
  throw new UsageError(
    `unknown database type "${input}"${didYouMean(input, known)}\n  Use one of: ${DATABASE_CHOICES.join(', ')}` +
      ` (also: ${Object.keys(DATABASE_ALIASES).join(', ')})\n  Run farm ${command} --help for its options.`,
  );
}
