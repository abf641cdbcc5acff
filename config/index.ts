export { defineConfig } from './define-config.ts';
export { env } from './env.ts';
export { FarmConfigError } from './errors.ts';
export { loadConfig, findConfigFile, CONFIG_FILE_NAMES, type LoadedConfig } from './load-config.ts';
export { loadEnvFile } from './env-file.ts';
export { resolveFarmConfig, resolveDatabaseConfig } from './resolve.ts';
export { redactUrl } from './redact.ts';
export type * from './types.ts';
