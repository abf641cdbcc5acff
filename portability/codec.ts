import type { EntityProperty, Platform } from '@mikro-orm/core';

/** A record as it travels between databases and in snapshot files: plain JSON, property names as keys. */
export type PortableRecord = Record<string, unknown>;

type Convert = (value: unknown) => unknown;

// Each property's conversion is chosen once: the same property converts a million values in a
// transfer. A property belongs to one ORM, so to one platform.
const readers = new WeakMap<EntityProperty, Convert>();
const writers = new WeakMap<EntityProperty, Convert>();

/**
 * Turns one value read from any database into its portable JSON form, by what the model says
 * the property is (not by what the driver happened to return): dates as ISO strings, booleans
 * as booleans (SQLite answers 0/1), big integers and decimals as strings, binary as base64,
 * JSON as JSON, MongoDB ObjectIds as their hex string. `platform` is the source database's:
 * it says whether its driver hands JSON over parsed (PostgreSQL, MongoDB) or as text (SQLite,
 * MySQL/MariaDB, SQL Server), which a JSON string value alone cannot tell.
 */
export function toPortable(value: unknown, prop: EntityProperty, platform: Platform): unknown {
  return portableReader(prop, platform)(value);
}

/** toPortable for one property, to call for each of its values. */
export function portableReader(prop: EntityProperty, platform: Platform): Convert {
  let read = readers.get(prop);
  if (!read) readers.set(prop, (read = compileReader(prop, platform)));
  return read;
}

/** The value to hand the target database's driver for a portable value. */
export function fromPortable(value: unknown, prop: EntityProperty): unknown {
  let write = writers.get(prop);
  if (!write) writers.set(prop, (write = compileWriter(prop)));
  return write(value);
}

const typeOf = (prop: EntityProperty) => String(prop.runtimeType ?? prop.type).toLowerCase();

function compileReader(prop: EntityProperty, platform: Platform): Convert {
  const type = typeOf(prop);
  const isDate = type === 'date';
  const isBoolean = type === 'boolean';
  // Drivers return what the column holds; the property's MikroORM type turns that into the
  // JS value (arrays stored as text, JSON as text on SQLite and MySQL, big integers by mode).
  const customType = prop.customType;
  const isJson = !customType && (prop.type === 'json' || String(prop.type).toLowerCase().includes('json'));
  const jsonAsText = !platform.convertsJsonAutomatically();
  const isDecimal = /decimal|numeric/.test(String(prop.columnTypes?.[0] ?? prop.type).toLowerCase());
  // A floating column read as its exact text (MySQL/MariaDB transfers) is a number again first.
  const isFloat = /^(double|float|real)\b/.test(String(prop.columnTypes?.[0] ?? '').toLowerCase());
  return raw => {
    if (raw === null || raw === undefined) return null;
    let value = isFloat && typeof raw === 'string' ? Number(raw) : raw;
    if (customType) value = customType.convertToJSValue(value, platform);
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value.toISOString();
    if (isDate && (typeof value === 'string' || typeof value === 'number')) return new Date(value).toISOString();
    if (isBoolean) return Boolean(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'object') {
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
      if (isObjectId(value)) return value.toHexString();
    }
    if (isJson) return jsonAsText && typeof value === 'string' ? JSON.parse(value) : value;
    if (isDecimal) return canonicalDecimal(String(value));
    return value;
  };
}

/** 5.10 (PostgreSQL's numeric(10,2)) and 5.1 (SQLite's REAL) are the same decimal: drop trailing zeros. */
function canonicalDecimal(text: string): string {
  if (!text.includes('.') || /e/i.test(text)) return text;
  return text.replace(/\.?0+$/, '');
}

function compileWriter(prop: EntityProperty): Convert {
  const type = typeOf(prop);
  const isDate = type === 'date';
  const isBigInt = type === 'bigint';
  return value => {
    if (value === null || value === undefined) return null;
    if (isDate && typeof value === 'string') return new Date(value);
    if (isBigInt && typeof value === 'string') return BigInt(value);
    if (typeof value === 'object' && '$base64' in value) return Buffer.from(String((value as { $base64: string }).$base64), 'base64');
    return value;
  };
}

function isObjectId(value: unknown): value is { toHexString(): string } {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'ObjectId';
}

/**
 * JSON with keys in a fixed order (sorted by UTF-16 code units), so equal records have equal
 * text on every database. Snapshot checksums are taken over this text: it must never change.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) text += (i ? ',' : '') + canonicalJson(value[i]);
        return `${text}]`;
      }
      return canonicalObject(value as Record<string, unknown>);
    default:
      return JSON.stringify(value ?? null);
  }
}

function canonicalObject(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  const shape = keys.join('\u0000');
  let order = shapes.get(shape);
  if (!order) {
    order = keys.sort().map((key, i) => ({ key, prefix: `${i ? ',' : ''}${JSON.stringify(key)}:` }));
    if (shapes.size < MAX_SHAPES) shapes.set(shape, order);
  }
  let text = '{';
  for (const { key, prefix } of order) text += prefix + canonicalJson(value[key]);
  return `${text}}`;
}

// Records of a model share one key order: sort it once. Bounded, for JSON of endless shapes.
const shapes = new Map<string, { key: string; prefix: string }[]>();
const MAX_SHAPES = 10_000;
