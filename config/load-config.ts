import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadEnvFile } from './env-file.ts';
import { FarmConfigError } from './errors.ts';
import { resolveFarmConfig } from './resolve.ts';
import type { FarmConfig, ResolvedDatabaseConfig } from './types.ts';

export const CONFIG_FILE_NAMES = ['farm.config.ts', 'farm.config.mts', 'farm.config.js', 'farm.config.mjs'] as const;

export interface LoadedConfig {
  /** The file the config came from. */
  file: string;
  /** The folder holding it: the project root. */
  root: string;
  /** The module's default export as written. */
  config: FarmConfig;
  /** Its database block with the environment applied and checked. */
  database: ResolvedDatabaseConfig;
}

/** Returns the path of the nearest farm.config.* at or above `from`, or undefined. */
export function findConfigFile(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

/**
 * Finds farm.config.ts from `cwd`, loads the `.env` beside it (the environment wins),
 * imports it and resolves the database block. Every failure is a FarmConfigError.
 */
export async function loadConfig(
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = findConfigFile(cwd);
  if (!file) {
    throw new FarmConfigError(`no farm.config.ts found in ${cwd} or its parents`, {
      hint: 'run `farm db add` to create one, or pass --dir <project root>',
    });
  }
  const root = dirname(file);
  loadEnvFile(root, env);
  const config = await importDefault(file);
  return { file, root, config, database: resolveFarmConfig(config, { file, env }) };
}

async function importDefault(file: string): Promise<FarmConfig> {
  let module: { default?: unknown };
  try {
    // The query string makes a changed file load afresh in a long-lived process (CLI, tests).
    module = await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
  } catch (error) {
    throw importError(file, error);
  }
  const config = unwrapDefault(module.default);
  if (config === undefined) {
    throw new FarmConfigError('the file has no default export', {
      file,
      hint: 'end it with: export default defineConfig({ database: { … } })',
    });
  }
  return config as FarmConfig;
}

/**
 * A farm.config compiled to CommonJS (`exports.default = …`, flagged `__esModule`) imports as
 * `{ default: { default: config } }`: its own default export is the config.
 */
export function unwrapDefault(value: unknown): unknown {
  const inner = value as { __esModule?: boolean; default?: unknown; database?: unknown } | undefined;
  if (inner && typeof inner === 'object' && inner.database === undefined && (inner.__esModule || 'default' in inner)) return inner.default;
  return value;
}

/** Node reports a syntax error with "file:line" and a caret excerpt at the top of the stack. */
function importError(file: string, error: unknown): FarmConfigError {
  const err = error as NodeJS.ErrnoException;
  if (err?.name === 'SyntaxError') {
    const [location, ...excerpt] = (err.stack ?? '').split('\n');
    const at = /^(.*):(\d+)$/.exec(location ?? '');
    const place = at ? `${at[1]}:${at[2]}` : file;
    const snippet = excerpt.slice(0, excerpt.findIndex(line => /^\s*$/.test(line)) + 1 || 3).join('\n');
    return new FarmConfigError(`syntax error at ${place}: ${err.message}\n${snippet}`.trimEnd(), {
      file,
      hint: `correct the syntax at ${place}`,
      cause: error,
    });
  }
  if (err?.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    return new FarmConfigError('this Node.js cannot load TypeScript files', {
      file,
      hint: 'use Node.js 22.18 or newer (24 LTS recommended), or run with --experimental-strip-types',
      cause: error,
    });
  }
  return new FarmConfigError(`the file failed to load: ${err?.message ?? String(error)}`, {
    file,
    hint: 'fix the error above; the file must import and run without side effects',
    cause: error,
  });
}
