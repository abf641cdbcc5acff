import { FarmRuntimeError } from './errors.ts';
import type { ProviderSession } from './providers/index.ts';

/** Stands in for the provider session of an offline manager: anything needing the database says why it cannot. */
export function offlineSession(): ProviderSession {
  const refuse = async (): Promise<never> => {
    throw new FarmRuntimeError('this database manager was opened offline', { hint: 'open it without `offline` to reach the database' });
  };
  return {
    poolStats: () => null,
    serverVersion: refuse,
    serverConnections: refuse,
    prepareSchema: refuse,
    lockMigrations: refuse,
    transfer: () => {
      throw new FarmRuntimeError('this database manager was opened offline', { hint: 'open it without `offline` to reach the database' });
    },
  };
}
