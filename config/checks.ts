import { FarmConfigError } from './errors.ts';

/** Value checks shared by the config resolvers: each error names the key and the fix. */

export function wholeNumber(value: unknown, key: string, min: number, file?: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new FarmConfigError(`expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`, {
      key,
      file,
      hint: `set ${key} to a whole number of at least ${min}`,
    });
  }
  return value;
}

export function nonNegative(value: unknown, key: string, file?: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FarmConfigError(`expected a number ≥ 0, got ${JSON.stringify(value)}`, {
      key,
      file,
      hint: `set ${key} to a number of milliseconds (0 or more)`,
    });
  }
  return value;
}

export function requireObject(value: unknown, key: string, file?: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FarmConfigError(`expected an object, got ${JSON.stringify(value)}`, {
      key,
      file,
      hint: `make ${key} an object ({ … })`,
    });
  }
}

export function rejectUnknownKeys(value: object, known: readonly string[], key: string, file?: string): void {
  for (const name of Object.keys(value)) {
    if (known.includes(name)) continue;
    const close = known.find(k => k.toLowerCase() === name.toLowerCase() || k.startsWith(name) || name.startsWith(k));
    throw new FarmConfigError(`unknown key "${name}"`, {
      key: `${key}.${name}`,
      file,
      hint: close ? `did you mean "${close}"? Known keys: ${known.join(', ')}` : `known keys: ${known.join(', ')}`,
    });
  }
}
