import type { AddResult } from '../generators/db-add.ts';
import { EXIT } from '../generators/errors.ts';
import { colors, describeChanges, diffOf } from '../generators/output.ts';
import { withSecretsHidden } from '../generators/tree/diff.ts';
import { nextSteps } from './next-steps.ts';
import { printError, printManualSteps, printWarnings } from './print.ts';

/** The outcome, then what to do next; manual steps come last, in one block, and make the exit code 3. */
export function reportAdd(result: AddResult, dir: string, dryRun: boolean, showSecrets = false): number {
  const c = colors();
  printWarnings(result.warnings);
  if (result.changes.length === 0) {
    console.log(c.green('The project is up to date: nothing to change.'));
  } else if (dryRun) {
    console.log(diffOf(showSecrets ? result.changes : result.changes.map(withSecretsHidden)));
    console.log(c.dim(`dry run: ${result.changes.length} file(s) would change; nothing was written.`));
  } else if (result.written) {
    console.log(describeChanges(result.changes));
    console.log(c.green(`Done: ${result.changes.length} file(s) written.`));
    if (result.installed) console.log(c.green(`Dependencies installed (${result.installed}).`));
    console.log(`\nNext steps:\n${nextSteps(result, dir).map((step, i) => `  ${i + 1}. ${step}`).join('\n')}`);
  } else {
    console.log('Nothing was written.');
  }
  if (result.installFailure) {
    printError(result.installFailure);
    return EXIT.failure;
  }
  const manual = result.manualSteps;
  if (manual.length > 0 && !dryRun) {
    printManualSteps(manual, result.written);
    return EXIT.manualSteps;
  }
  return EXIT.ok;
}
