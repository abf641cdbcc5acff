import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import { canonicalJson } from './codec.ts';
import { storedProperties } from './models.ts';

/**
 * Checks a snapshot's records against the models before anything is written, one line at a
 * time: every field is a property of the model, of its type, not null where the model requires
 * a value, every reference points to a record of the snapshot, and no key or unique value comes
 * twice. Memory holds the keys (and unique values) seen, never the records.
 */
export class RecordValidator {
  readonly #requireValues: boolean;
  /** Per model: the canonical key of each record seen. */
  readonly #keys = new Map<string, Set<string>>();
  /** Per model and unique property: the values seen. */
  readonly #uniques = new Map<string, Set<string>>();
  /** References of a model to itself, checked once its whole file is read. */
  #selfReferences: { line: number; field: string; key: string }[] = [];

  /** `requireValues`: null is refused where the model does not allow it (SQL targets enforce NOT NULL). */
  constructor(requireValues: boolean) {
    this.#requireValues = requireValues;
  }

  /** Why the record on `line` of `meta`'s file does not fit the model, as `line N, field "x": ...`; undefined when it fits. */
  check(meta: EntityMetadata, record: unknown, line: number): string | undefined {
    const at = (field: string, why: string) => `line ${line}, field "${field}": ${why}`;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return `line ${line}: a record must be a JSON object`;
    const values = record as Record<string, unknown>;
    const props = storedProperties(meta);
    const known = new Set(props.map(prop => prop.name));
    for (const field of Object.keys(values)) if (!known.has(field)) return at(field, `${meta.className} has no such property`);
    for (const prop of props) {
      const why = this.#checkValue(meta, prop, values[prop.name], line);
      if (why) return at(prop.name, why);
    }
    const keys = this.#keysOf(meta.className);
    const key = keyOf(meta, values);
    if (keys.has(key)) return at(meta.primaryKeys.join(', '), `the key ${key} is already used by an earlier ${meta.className} record`);
    keys.add(key);
    for (const prop of props) {
      if (!prop.unique || values[prop.name] === null || values[prop.name] === undefined) continue;
      const seen = this.#uniqueValues(`${meta.className}.${prop.name}`);
      const value = canonicalJson(values[prop.name]);
      if (seen.has(value)) return at(prop.name, `${value} is already used by an earlier ${meta.className} record, and ${prop.name} is unique`);
      seen.add(value);
    }
    return undefined;
  }

  /** After a model's file: its references to itself (a parent later in the file is fine). */
  finishModel(meta: EntityMetadata): string | undefined {
    const keys = this.#keysOf(meta.className);
    const broken = this.#selfReferences.find(ref => !keys.has(ref.key));
    this.#selfReferences = [];
    return broken && `line ${broken.line}, field "${broken.field}": refers to ${meta.className} ${broken.key}, which the snapshot does not hold`;
  }

  #checkValue(meta: EntityMetadata, prop: EntityProperty, value: unknown, line: number): string | undefined {
    if (value === null || value === undefined) {
      return this.#requireValues && !prop.nullable ? `null, but ${meta.className}.${prop.name} requires a value` : undefined;
    }
    if (prop.kind === 'embedded') return checkEmbedded(prop, value, this.#requireValues);
    if (prop.kind === 'm:1' || prop.kind === '1:1') return this.#checkReference(meta, prop, value, line);
    return typeMismatch(prop, value);
  }

  #checkReference(meta: EntityMetadata, prop: EntityProperty, value: unknown, line: number): string | undefined {
    const target = prop.targetMeta;
    if (!target) return undefined;
    // A composite reference travels as its key values in order; any other shape is left to the database.
    if (target.primaryKeys.length > 1 && !(Array.isArray(value) && value.length === target.primaryKeys.length)) return undefined;
    const key = canonicalJson(value);
    if (target.className === meta.className) {
      this.#selfReferences.push({ line, field: prop.name, key });
      return undefined;
    }
    const keys = this.#keys.get(target.className);
    if (!keys) return undefined; // a model outside the snapshot's load order (not validated here)
    return keys.has(key) ? undefined : `refers to ${target.className} ${key}, which the snapshot does not hold`;
  }

  #keysOf(model: string): Set<string> {
    let keys = this.#keys.get(model);
    if (!keys) this.#keys.set(model, (keys = new Set()));
    return keys;
  }

  #uniqueValues(name: string): Set<string> {
    let values = this.#uniques.get(name);
    if (!values) this.#uniques.set(name, (values = new Set()));
    return values;
  }
}

function keyOf(meta: EntityMetadata, record: Record<string, unknown>): string {
  return meta.primaryKeys.length === 1 ? canonicalJson(record[meta.primaryKeys[0]!]) : canonicalJson(meta.primaryKeys.map(key => record[key]));
}

function checkEmbedded(prop: EntityProperty, value: unknown, requireValues: boolean): string | undefined {
  if (typeof value !== 'object' || Array.isArray(value)) return `expected an object (${String(prop.type)}), found ${describe(value)}`;
  const object = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(prop.embeddedProps)) {
    const inner = object[key];
    if (inner === null || inner === undefined) {
      if (requireValues && !child.nullable && !prop.nullable) return `${key} is null, but ${String(prop.type)}.${key} requires a value`;
      continue;
    }
    const why = child.kind === 'embedded' ? checkEmbedded(child, inner, requireValues) : typeMismatch(child, inner);
    if (why) return `${key}: ${why}`;
  }
  return undefined;
}

const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const INTEGER = /^-?\d+$/;

/** Whether a portable value has the form the property's type gives it (see codec.ts); other types are not checked. */
function typeMismatch(prop: EntityProperty, value: unknown): string | undefined {
  const runtime = String(prop.runtimeType ?? '').toLowerCase();
  const column = String(prop.columnTypes?.[0] ?? prop.type ?? '').toLowerCase();
  const expected = (what: string) => `expected ${what}, found ${describe(value)}`;
  if (/decimal|numeric/.test(column)) {
    const decimal = (typeof value === 'string' && DECIMAL.test(value)) || (typeof value === 'number' && Number.isFinite(value));
    return decimal ? undefined : expected('a decimal number');
  }
  switch (runtime) {
    case 'string':
      return typeof value === 'string' ? undefined : expected('a string');
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return expected('a number');
      return /int/.test(column) && !Number.isInteger(value) ? expected('an integer') : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : expected('true or false');
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : expected('a date (ISO 8601 text)');
    case 'bigint':
      return (typeof value === 'string' && INTEGER.test(value)) || Number.isInteger(value) ? undefined : expected('an integer');
    case 'buffer':
    case 'uint8array':
      if (typeof value === 'object' && typeof (value as { $base64?: unknown }).$base64 === 'string') return undefined;
      return expected('binary data ({"$base64": "…"})');
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}
