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

/** The steps farm-db could not wire, in one block at the end: what to paste, and where. */
export function printManualSteps(steps: { title: string; snippet: string }[], written: boolean): void {
  const c = colors();
  const heading = written ? 'Written, but these steps remain for you to do by hand:' : 'These steps remain for you to do by hand:';
  console.log(`\n${c.yellow(heading)}`);
  steps.forEach((step, i) => {
    console.log(`\n  ${i + 1}. ${step.title}`);
    console.log(step.snippet.split('\n').map(line => `       ${line}`).join('\n'));
  });
}
