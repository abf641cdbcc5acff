import type { FarmConfig } from './types.ts';

/** Typed identity helper for `farm.config.ts`. */
export function defineConfig<const T extends FarmConfig>(config: T): T {
  return config;
}
