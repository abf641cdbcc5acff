// Preloaded (--import) into bench:generator's child processes: reports the process's own CPU time at exit,
// which other load on a shared machine disturbs far less than wall time.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\nBENCH_CPU_US ${user + system}\n`);
});
