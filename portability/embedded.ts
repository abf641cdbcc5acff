import type { EntityProperty, Platform } from '@mikro-orm/core';
import { fromPortable, portableReader, toPortable } from './codec.ts';

/**
 * Embedded objects travel as nested objects, whatever the database does with them: SQL keeps
 * them inline as one column per field (`address_city`), MongoDB (or `object: true`) as one
 * object. These two functions convert between a driver row and the nested portable form.
 */
export function readValue(row: Record<string, unknown>, prop: EntityProperty, platform: Platform): unknown {
  if (prop.kind !== 'embedded') return toPortable(row[prop.name], prop, platform);
  if (isStoredAsObject(prop)) return embeddedFromObject(row[prop.name], prop, platform);
  const entries = Object.entries(prop.embeddedProps).map(([key, child]) => [key, readValue(row, child, platform)] as const);
  return entries.every(([, value]) => value === null || value === undefined) ? null : Object.fromEntries(entries);
}

/** readValue for one property, to call for each row. */
export function valueReader(prop: EntityProperty, platform: Platform): (row: Record<string, unknown>) => unknown {
  if (prop.kind === 'embedded') return row => readValue(row, prop, platform);
  const read = portableReader(prop, platform);
  const name = prop.name;
  return row => read(row[name]);
}

export function writeValue(target: Record<string, unknown>, value: unknown, prop: EntityProperty): void {
  if (prop.kind !== 'embedded') {
    target[prop.name] = fromPortable(value, prop);
    return;
  }
  if (isStoredAsObject(prop)) {
    target[prop.name] = value === null || value === undefined ? null : embeddedToObject(value as Record<string, unknown>, prop);
    return;
  }
  for (const [key, child] of Object.entries(prop.embeddedProps)) writeValue(target, (value as Record<string, unknown> | null)?.[key] ?? null, child);
}

/** Inline embeddables have their fields flattened into the owner's columns; objects do not. */
function isStoredAsObject(prop: EntityProperty): boolean {
  return Boolean(prop.object) || Object.values(prop.embeddedProps).every(child => !child.embedded);
}

function embeddedFromObject(value: unknown, prop: EntityProperty, platform: Platform): unknown {
  if (value === null || value === undefined) return null;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(prop.embeddedProps).map(([key, child]) => [key, child.kind === 'embedded' ? embeddedFromObject(object[child.embedded?.[1] ?? key], child, platform) : toPortable(object[child.embedded?.[1] ?? key], child, platform)]));
}

function embeddedToObject(value: Record<string, unknown>, prop: EntityProperty): Record<string, unknown> {
  return Object.fromEntries(Object.entries(prop.embeddedProps).map(([key, child]) => [child.embedded?.[1] ?? key, child.kind === 'embedded' ? (value[key] == null ? null : embeddedToObject(value[key] as Record<string, unknown>, child)) : fromPortable(value[key] ?? null, child)]));
}
