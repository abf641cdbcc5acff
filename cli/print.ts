import { EXIT } from '../generators/errors.ts';
import { colors } from '../generators/output.ts';

/** Prints a command's answer on stdout; a command's `return print(...)` exits 0. */
export function print(text: string): number {
  console.log(text);
  return EXIT.ok;
}

/** Warnings go to stderr, each on its own line. */
export function printWarnings(warnings: string[]): void {
  const c = colors(process.stderr);
  for (const warning of warnings) console.warn(c.yellow(`warning: ${warning}`));
}

export function printError(message: string): void {
  console.error(colors(process.stderr).red(`error: ${message}`));
}
