/**
 * Shows a progress bar (on the terminal script(1) gives it), finishes it, starts a second one
 * (as the verification pass does), then receives SIGINT as a user's Ctrl-C would send it.
 * Prints STILL ALIVE if the signal did not end it.
 */
import { progressReporter } from '../../portability/progress.ts';

const progress = progressReporter(process.stdout);
progress.start('Example', 100, 0);
progress.advance('Example', 100);
progress.finish('Example');
progress.stop();
progress.start('Example (verify)', 100, 0);
progress.advance('Example (verify)', 40);
setTimeout(() => process.kill(process.pid, 'SIGINT'), 200);
setTimeout(() => {
  console.log('STILL ALIVE');
  process.exit(0);
}, 1500);
