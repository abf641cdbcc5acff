import type { EntityMetadata, EntityProperty, MikroORM } from '@mikro-orm/core';
import type { ServerDigest } from '../provider.ts';
import { internalQuery } from '../shared/sql-session.ts';

/**
 * PostgreSQL digests a model's rows itself: for each row, the line a switch hashes on the source
 * (each value's canonical JSON in its portable form, then U+0001, in the order given), its MD5's
 * first 8 bytes as a signed 64-bit integer, summed. The rows never leave the server, which scans
 * them on its own core. Each column is rendered by SQL the way portability's codec renders what
 * MikroORM reads from it (so the same rows give the same sum); columns of a type not listed here
 * (JSON, arrays, embedded objects, dates without time, naive timestamps, custom types) make the
 * model's digest unavailable, and the switch reads that model back instead. Where the renderings
 * still differ (a double PostgreSQL prints with an exponent, a year past 9999), the sums differ,
 * and the switch reads the model back then too: this path can only ever agree with that read.
 */
export function postgresServerDigest(orm: MikroORM, meta: EntityMetadata, props: EntityProperty[]): (() => Promise<ServerDigest>) | undefined {
  const q = (name: string) => orm.em.getPlatform().quoteIdentifier(name);
  const values: string[] = [];
  for (const prop of props) {
    const column = prop.fieldNames?.length === 1 ? `t.${q(prop.fieldNames[0]!)}` : undefined;
    const rendered = column && renderColumn(prop, column);
    if (!rendered) return undefined;
    values.push(`coalesce(${rendered}, 'null')`, 'chr(1)');
  }
  if (values.length === 0) return undefined;
  const table = meta.schema && meta.schema !== '*' ? `${q(meta.schema)}.${q(meta.tableName)}` : q(meta.tableName);
  const line = `concat(${values.join(', ')})`;
  const sql =
    `select count(*)::text as count, coalesce(sum(('x' || left(md5(${line}), 16))::bit(64)::bigint::numeric), 0)::text as sum ` +
    `from ${table} t`;
  return async () => {
    const [row] = await internalQuery<{ count: string; sum: string }>(orm, sql);
    return { count: Number(row!.count), sum: BigInt(row!.sum) };
  };
}

type Rendering = 'number' | 'string' | 'decimal' | 'boolean' | 'instant';

const INTEGER = /^(int|integer|int4|smallint|int2|serial|serial4|smallserial|serial2)$/;
const BIG_INTEGER = /^(bigint|int8|bigserial|serial8)$/;
const FLOATING = /^(double precision|double|float8|real|float4|float)$/;
const TEXT = /^(varchar|character varying|text|uuid)(\(\d+\))?$/;
const DECIMAL = /^(numeric|decimal)(\(\d+(,\s*\d+)?\))?$/;
const INSTANT = /^(timestamptz|timestamp with time zone)(\(\d\))?$|^timestamp(\(\d\))? with time zone$/;
/** MikroORM's types that leave a value as the driver read it, or convert it the way the codec expects. */
const PLAIN_CUSTOM_TYPES = new Set(['StringType', 'TextType', 'UuidType', 'IntegerType', 'SmallIntType', 'BigIntType', 'DoubleType', 'FloatType', 'DecimalType']);

/** The SQL that renders a column as the codec's canonical JSON of its portable value, or undefined. */
function renderColumn(prop: EntityProperty, column: string): string | undefined {
  switch (renderingOf(prop)) {
    case 'number':
    case 'boolean':
      return `${column}::text`;
    case 'string':
      return `to_json(${column}::text)::text`;
    case 'decimal':
      // The codec drops a decimal's trailing zeros (5.10 is 5.1), as trim_scale() does (PostgreSQL 13 and later).
      return `to_json(trim_scale(${column})::text)::text`;
    case 'instant':
      return `to_json(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`;
    default:
      return undefined;
  }
}

function renderingOf(prop: EntityProperty): Rendering | undefined {
  if (prop.array || prop.kind === 'embedded') return undefined;
  // A reference holds the referenced primary key's value: rendered as that key is.
  const source = prop.kind === 'm:1' || prop.kind === '1:1' ? referencedKey(prop) : prop;
  if (!source) return undefined;
  if (source.customType && !PLAIN_CUSTOM_TYPES.has(source.customType.constructor.name)) return undefined;
  const column = String(prop.columnTypes?.[0] ?? '').toLowerCase();
  const runtime = String(source.runtimeType ?? '');
  if (INTEGER.test(column)) return runtime === 'number' ? 'number' : undefined;
  if (BIG_INTEGER.test(column)) return runtime === 'number' ? 'number' : runtime === 'bigint' || runtime === 'string' ? 'string' : undefined;
  if (FLOATING.test(column)) return runtime === 'number' ? 'number' : undefined;
  if (DECIMAL.test(column)) return runtime === 'string' || runtime === 'number' ? 'decimal' : undefined;
  if (TEXT.test(column)) return runtime === 'string' ? 'string' : undefined;
  if (column === 'boolean' || column === 'bool') return runtime === 'boolean' ? 'boolean' : undefined;
  if (INSTANT.test(column)) return runtime === 'Date' ? 'instant' : undefined;
  return undefined;
}

function referencedKey(prop: EntityProperty): EntityProperty | undefined {
  const target = prop.targetMeta;
  if (!target || target.primaryKeys.length !== 1 || prop.fieldNames?.length !== 1) return undefined;
  const key = target.properties[target.primaryKeys[0]!];
  return key && key.kind === 'scalar' ? key : undefined;
}
