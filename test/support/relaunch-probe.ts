/**
 * Stands where bin/farm.ts's first lines stand: prints its pid to stderr, asks to be relaunched
 * for `farm <argv>`, then prints its pid and Node flags as JSON (from the relaunched image, if any).
 */
import { relaunchWithNodeFlags } from '../../bin/relaunch.ts';

process.stderr.write(`started ${process.pid}\n`);
relaunchWithNodeFlags(process.argv.slice(2));
console.log(JSON.stringify({ pid: process.pid, execArgv: process.execArgv }));
