import type { EntityMetadata, EntityProperty, Platform } from '@mikro-orm/core';

type Row = Record<string, unknown>;
type Mapper = (raw: Row) => Row;

const mappers = new WeakMap<EntityMetadata, Mapper | null>();

/**
 * A raw row as MikroORM's result mapper (EntityComparator.getResultMapper) makes it for a model whose every
 * column is one plain property: booleans from 0/1, dates parsed as MikroORM parses them, every other value as the
 * driver returned it, under the property's name. MikroORM's compiled mapper also walks every column to pass on the
 * ones no property maps, which a transfer never reads; that walk made mapping cost more than reading SQLite.
 * `undefined` for a model whose rows need more than this (embedded objects, composite or polymorphic references,
 * inheritance): those go through MikroORM's own mapper.
 */
export function leanRowMapper(meta: EntityMetadata, platform: Platform): Mapper | undefined {
  let mapper = mappers.get(meta);
  if (mapper === undefined) mappers.set(meta, (mapper = compile(meta, platform) ?? null));
  return mapper ?? undefined;
}

function compile(meta: EntityMetadata, platform: Platform): Mapper | undefined {
  if (meta.polymorphs?.length || meta.inheritanceType || meta.embeddable) return undefined;
  const columns: { name: string; field: string; convert?: (value: unknown) => unknown }[] = [];
  for (const prop of meta.props) {
    if (!prop.fieldNames) continue;
    if (!isPlain(prop)) return undefined;
    columns.push({ name: prop.name, field: prop.fieldNames[0]!, convert: converterOf(prop, platform) });
  }
  return raw => {
    const row: Row = {};
    for (const { name, field, convert } of columns) {
      const value = raw[field];
      if (value !== undefined) row[name] = convert ? convert(value) : value;
    }
    return row;
  };
}

function isPlain(prop: EntityProperty): boolean {
  if (prop.polymorphic || prop.embedded || prop.kind === 'embedded') return false;
  return prop.fieldNames.length === 1;
}

/** What MikroORM's mapper does to a column's value before it is the property's (nothing, for most). */
function converterOf(prop: EntityProperty, platform: Platform): ((value: unknown) => unknown) | undefined {
  if (prop.runtimeType === 'boolean') return value => (value == null ? value : !!value);
  if (prop.runtimeType !== 'Date' || platform.isNumericProperty(prop)) return undefined;
  const parse = (value: unknown) => platform.parseDate(value as string);
  const tz = platform.getTimezone();
  return value => {
    if (value == null || value instanceof Date) return value;
    if (typeof value === 'bigint') return parse(Number(value));
    if (!tz || tz === 'local') return parse(value);
    const text = value as string;
    // A text without an offset is in the configured timezone.
    if (typeof value === 'number' || text.includes('+') || text.lastIndexOf('-') > 10 || text.endsWith('Z')) return parse(value);
    return parse(`${text}${tz}`);
  };
}
