/**
 * Shows a progress bar (on the terminal script(1) gives it), then receives SIGINT as a user's
 * Ctrl-C would send it. Prints STILL ALIVE if the signal did not end it.
 */
import { progressReporter } from '../../portability/progress.ts';

const progress = progressReporter(process.stdout);
progress.start('Example', 100, 0);
progress.advance('Example', 40);
setTimeout(() => process.kill(process.pid, 'SIGINT'), 200);
setTimeout(() => {
  console.log('STILL ALIVE');
  process.exit(0);
}, 1500);
