import {
  BigIntType, DecimalType, DoubleType, FloatType, IntegerType, SmallIntType, StringType, TextType, UuidType,
  type EntityMetadata, type EntityProperty, type MikroORM,
} from '@mikro-orm/core';
import type { ServerDigest } from '../provider.ts';
import { internalQuery } from '../shared/sql-session.ts';
import { qualifiedTableName } from '../shared/table-name.ts';

/**
 * PostgreSQL digests a model's rows itself: for each row, the line a switch hashes on the source
 * (each value's canonical JSON in its portable form, then U+0001, in the order given), its 64-bit
 * `hashtextextended` (lookup3, cheaper than MD5 here and in Node), summed. The rows never leave the server, which scans
 * them on its own core. Each column is rendered by SQL the way portability's codec renders what
 * MikroORM reads from it (so the same rows give the same sum), by the column's type in the table
 * itself (looked up first: a migration may have made it other than the model says) and the
 * property's JS type. A column of a type not handled here (JSON, arrays, char(n), domains, enums,
 * dates without time, naive timestamps, custom types) makes the model's digest unavailable, and the
 * switch reads that model back instead. Where the renderings still differ (a double PostgreSQL
 * prints with an exponent), the sums differ and the switch reads the model back then too: this path
 * can only ever agree with that read. Values no JS Date holds (infinity, years before 1 or after
 * 9999) render as `?`, which no canonical JSON is.
 */
export function postgresServerDigest(
  orm: MikroORM,
  meta: EntityMetadata,
  props: EntityProperty[],
): (() => Promise<ServerDigest>) | undefined {
  if (props.length === 0 || props.some(prop => prop.fieldNames?.length !== 1 || !expectedRendering(prop))) return undefined;
  const q = (name: string) => orm.em.getPlatform().quoteIdentifier(name);
  const table = qualifiedTableName(orm, meta);
  return async () => {
    const types = await columnTypes(orm, table);
    const values = props.map(prop => {
      const column = prop.fieldNames[0]!;
      const rendering = expectedRendering(prop)!;
      const type = types.get(column);
      if (!type || !COLUMN_TYPES[rendering].test(type)) {
        throw new Error(`${meta.tableName}.${column} is ${type ?? 'missing'}, not what ${rendering} values are stored in`);
      }
      return `coalesce(${render(rendering, `t.${q(column)}`)}, 'null') || chr(1)`;
    });
    // || rather than concat(): a function takes at most 100 arguments, a wide model has more values.
    const line = values.join(' || ');
    const [row] = await internalQuery<{ count: string; sum: string }>(
      orm,
      // Collation "C": the line's bytes are hashed as they are, whatever collation its columns have.
      `select count(*)::text as count, coalesce(sum(hashtextextended((${line}) collate "C", 0)), 0)::text as sum ` +
        `from ${table} t`,
    );
    return { count: Number(row!.count), sum: BigInt(row!.sum) };
  };
}

type Rendering = 'integer' | 'big integer as number' | 'big integer as string' | 'floating' | 'text' | 'decimal' | 'boolean' | 'instant';

/** format_type() of the columns each rendering reads right. */
const COLUMN_TYPES: Record<Rendering, RegExp> = {
  integer: /^(integer|smallint)$/,
  'big integer as number': /^bigint$/,
  'big integer as string': /^bigint$/,
  floating: /^(double precision|real)$/,
  text: /^(character varying(\(\d+\))?|text|uuid)$/,
  decimal: /^numeric(\(\d+,\d+\))?$/,
  boolean: /^boolean$/,
  instant: /^timestamp(\(\d\))? with time zone$/,
};

function render(rendering: Rendering, column: string): string {
  switch (rendering) {
    case 'integer':
    case 'big integer as number':
    case 'floating':
    case 'boolean':
      return `${column}::text`;
    case 'big integer as string':
    case 'text':
      return `to_json(${column}::text)::text`;
    case 'decimal':
      // The codec drops a decimal's trailing zeros (5.10 is 5.1), as trim_scale() does (PostgreSQL 13 and later).
      return `to_json(trim_scale(${column})::text)::text`;
    case 'instant':
      return (
        `case when ${column} is null then null ` +
        `when isfinite(${column}) and ${column} >= '0001-01-01 00:00:00+00' and ${column} < '10000-01-01 00:00:00+00' ` +
        `then to_json(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text else '?' end`
      );
  }
}

/** MikroORM's types that hand over a value as the codec expects it; exactly these classes, not subclasses. */
const PLAIN_TYPES: unknown[] = [StringType, TextType, UuidType, IntegerType, SmallIntType, BigIntType, DoubleType, FloatType, DecimalType];

/** How the codec renders what MikroORM reads for this property, from the model; undefined where SQL cannot follow. */
function expectedRendering(prop: EntityProperty): Rendering | undefined {
  if (prop.array || prop.kind === 'embedded' || !isPlain(prop)) return undefined;
  // A reference holds the referenced primary key's value: rendered as that key is.
  const source = prop.kind === 'm:1' || prop.kind === '1:1' ? referencedKey(prop) : prop;
  if (!source || !isPlain(source)) return undefined;
  const declared = String(source.columnTypes?.[0] ?? '').toLowerCase();
  switch (String(source.runtimeType ?? '')) {
    case 'number':
      if (/^(double|float|real)/.test(declared)) return 'floating';
      if (/^(numeric|decimal)/.test(declared)) return 'decimal';
      if (/^(bigint|int8|bigserial)/.test(declared)) return 'big integer as number';
      return /^(int|integer|int4|smallint|int2|tinyint|serial|smallserial|mediumint)\b/.test(declared) ? 'integer' : undefined;
    case 'bigint':
      return 'big integer as string';
    case 'string':
      if (/^(numeric|decimal)/.test(declared)) return 'decimal';
      if (/^(bigint|int8|bigserial)/.test(declared)) return 'big integer as string';
      // Dates, enums, char(n) and the like are strings too, which SQL would render otherwise: not these.
      return /^(varchar|character varying|text|uuid)\b/.test(declared) ? 'text' : undefined;
    case 'boolean':
      return 'boolean';
    case 'Date':
      return 'instant';
    default:
      return undefined;
  }
}

const isPlain = (prop: EntityProperty) => !prop.customType || PLAIN_TYPES.includes(prop.customType.constructor);

function referencedKey(prop: EntityProperty): EntityProperty | undefined {
  const target = prop.targetMeta;
  if (!target || target.primaryKeys.length !== 1) return undefined;
  const key = target.properties[target.primaryKeys[0]!];
  return key && key.kind === 'scalar' ? key : undefined;
}

async function columnTypes(orm: MikroORM, table: string): Promise<Map<string, string>> {
  const rows = await internalQuery<{ name: string; type: string }>(
    orm,
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute ` +
      `where attrelid = '${table.replaceAll("'", "''")}'::regclass and attnum > 0 and not attisdropped`,
  );
  return new Map(rows.map(row => [row.name, row.type]));
}
