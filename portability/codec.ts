import type { EntityProperty } from '@mikro-orm/core';

/** A record as it travels between databases and in snapshot files: plain JSON, property names as keys. */
export type PortableRecord = Record<string, unknown>;

/**
 * Turns one value read from any database into its portable JSON form, by what the model says
 * the property is (not by what the driver happened to return): dates as ISO strings, booleans
 * as booleans (SQLite answers 0/1), big integers and decimals as strings, binary as base64,
 * JSON as JSON, MongoDB ObjectIds as their hex string.
 */
export function toPortable(value: unknown, prop: EntityProperty): unknown {
  if (value === null || value === undefined) return null;
  const type = String(prop.runtimeType ?? prop.type).toLowerCase();
  if (value instanceof Date) return value.toISOString();
  if (type === 'date' && (typeof value === 'string' || typeof value === 'number')) return new Date(value).toISOString();
  if (type === 'boolean') return Boolean(value);
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (isObjectId(value)) return value.toHexString();
  if (prop.type === 'json' || String(prop.type).toLowerCase().includes('json')) return typeof value === 'string' ? JSON.parse(value) : value;
  if (/decimal|numeric/.test(String(prop.columnTypes?.[0] ?? prop.type).toLowerCase())) return String(value);
  return value;
}

/** The value to hand the target database's driver for a portable value. */
export function fromPortable(value: unknown, prop: EntityProperty): unknown {
  if (value === null) return null;
  const type = String(prop.runtimeType ?? prop.type).toLowerCase();
  if (type === 'date' && typeof value === 'string') return new Date(value);
  if (type === 'bigint' && typeof value === 'string') return BigInt(value);
  if (typeof value === 'object' && value !== null && '$base64' in value) return Buffer.from(String((value as { $base64: string }).$base64), 'base64');
  return value;
}

function isObjectId(value: unknown): value is { toHexString(): string } {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'ObjectId';
}

/** JSON with keys in a fixed order, so equal records have equal text on every database. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
