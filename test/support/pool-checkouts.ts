import type { EventEmitter } from 'node:events';
import type { DatabaseManager } from '../../runtime/manager.ts';

/**
 * The most connections the pool lent out at once while `work` ran, counted from the native
 * pool's own `acquire` and `release` events (pg-pool and mysql2 both emit them; a connection
 * mysql2 hands straight to a waiting caller emits neither, and stays counted as lent).
 */
export async function peakCheckouts(db: DatabaseManager, work: () => Promise<unknown>): Promise<number> {
  const pool = (await db.orm.driver.getConnection().getNativeClient()) as EventEmitter;
  let lent = 0;
  let peak = 0;
  const acquire = () => (peak = Math.max(peak, ++lent));
  const release = () => lent--;
  pool.on('acquire', acquire);
  pool.on('release', release);
  try {
    await work();
  } finally {
    pool.off('acquire', acquire);
    pool.off('release', release);
  }
  return peak;
}
