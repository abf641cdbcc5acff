import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names of test databases: `farm_test_<host>_<pid>_<n>`, so a later run can tell its own
 * leftovers (this host, a process that no longer runs) from another live run's databases.
 */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 4);
const WORKER_NAME = /^farm_test_([0-9a-f]{4})_(\d+)_(\d+)$/;
/** Template databases (PostgreSQL): one per schema fingerprint, shared by every worker and kept between runs. */
export const TEMPLATE_PREFIX = 'farm_test_tpl_';

let counter = 0;

export function nextDatabaseName(): string {
  counter += 1;
  return `farm_test_${HOST_TAG}_${process.pid}_${counter}`;
}

export function templateName(fingerprint: string): string {
  return `${TEMPLATE_PREFIX}${fingerprint.slice(0, 16)}`;
}

/** True for a worker database made on this host by a process that has since died. */
export function isStale(name: string): boolean {
  const match = WORKER_NAME.exec(name);
  if (!match || match[1] !== HOST_TAG) return false;
  return !isAlive(Number(match[2]));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
