import type { MikroORM } from '@mikro-orm/core';
import type { ResolvedDatabaseConfig } from '../config/types.ts';
import { DatabaseConnectionError, describeError } from './errors.ts';
import type { FarmLogger } from './monitoring/logger.ts';

/**
 * Connects and proves it with a round trip, retrying with exponential backoff
 * (a database container often starts after the app). The final error names where and why.
 */
export async function connectWithRetry(
  orm: MikroORM,
  retry: ResolvedDatabaseConfig['retry'],
  where: { label: string; target: string; logger: FarmLogger },
): Promise<void> {
  let delay = retry.delayMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    try {
      await orm.connect();
      const check = await orm.checkConnection();
      if (check.ok) return;
      lastError = check.error ?? new Error(check.reason);
    } catch (error) {
      lastError = error;
    }
    if (attempt < retry.attempts) {
      where.logger.warn(
        { event: 'connect_retry', attempt, target: where.target, delayMs: delay },
        `${where.label} at ${where.target} not reachable (${describeError(lastError)}); retrying in ${delay} ms`,
      );
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, retry.maxDelayMs);
    }
  }
  throw new DatabaseConnectionError(where.label, where.target, retry.attempts, lastError);
}
