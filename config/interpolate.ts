import { FarmConfigError } from './errors.ts';
import { isEnvRef } from './env.ts';

const TEMPLATE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Turns a setting into a string: `env('X')` and `${X}` / `${X:-default}` read `env`.
 * A variable that is missing without a default is an error naming the key.
 */
export function interpolate(
  value: unknown,
  key: string,
  env: NodeJS.ProcessEnv,
  file?: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isEnvRef(value)) {
    const found = env[value.name] ?? value.fallback;
    if (found === undefined) throw missing(value.name, key, file, `env('${value.name}', 'default')`);
    return found;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') {
    throw new FarmConfigError(`expected a string, got ${typeof value}`, {
      key,
      file,
      hint: `set ${key} to a string, a "\${VAR}" template or env('VAR')`,
    });
  }
  return value.replace(TEMPLATE, (_match, name: string, fallback: string | undefined) => {
    const found = env[name] ?? fallback;
    if (found === undefined) throw missing(name, key, file, `\${${name}:-default}`);
    return found;
  });
}

function missing(name: string, key: string, file: string | undefined, withDefault: string): FarmConfigError {
  return new FarmConfigError(`environment variable ${name} is not set`, {
    key,
    file,
    hint: `set ${name} in the environment or in .env next to farm.config.ts, or give a default with ${withDefault}`,
  });
}
