import { allMatch, verificationTable } from '../portability/index.ts';
import { EXIT } from '../generators/errors.ts';
import { colors } from '../generators/output.ts';
import { print } from './print.ts';

/** Records per batch for export and import. */
export const BATCH_SIZE = 1000;

/**
 * Records per batch for switch --migrate: fewer round trips, transactions and progress rows per
 * million (pgloader sends 25,000); two batches in memory at once stay well under the RSS budget.
 */
export const SWITCH_BATCH_SIZE = 5000;

/** The per-model verification table, then whether every model matched `what`. */
export function printVerification(rows: Parameters<typeof verificationTable>[0], what: string): number {
  console.log(verificationTable(rows));
  if (allMatch(rows)) return print(colors().green(`Every model matches ${what}.`));
  console.error(colors(process.stderr).red(`error: the loaded data differs from ${what} (models marked ✗)`));
  return EXIT.failure;
}

/** A warning on stderr, as the generator prints its own. */
export function warnUser(message: string): void {
  console.warn(colors(process.stderr).yellow(`warning: ${message}`));
}
