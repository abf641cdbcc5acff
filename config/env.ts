import type { EnvRef } from './types.ts';

/** Reads `name` from the environment when the config is resolved (after `.env` is loaded). */
export function env(name: string, fallback?: string): EnvRef {
  return fallback === undefined ? { kind: 'farm-env-ref', name } : { kind: 'farm-env-ref', name, fallback };
}

export function isEnvRef(value: unknown): value is EnvRef {
  return typeof value === 'object' && value !== null && (value as EnvRef).kind === 'farm-env-ref';
}
