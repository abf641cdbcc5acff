import { finished } from 'node:stream/promises';
import { JsonType, type EntityMetadata, type EntityProperty, type MikroORM } from '@mikro-orm/core';
import { from as copyFrom } from 'pg-copy-streams';
import type { TransferTarget } from '../transfer.ts';
import { upsertProgressSql } from '../shared/sql-transfer.ts';
import { binaryCopy, encodesBinary } from './copy-binary.ts';
import { deferredForeignKeys } from './deferred-foreign-keys.ts';
import { qualifiedTableName } from '../shared/table-name.ts';

/** A pg client from pg-pool, as much of it as COPY needs. */
interface PgClient {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  query<T extends NodeJS.WritableStream>(stream: T): T;
  release(error?: Error | boolean): void;
}

// Types whose values COPY's CSV text form carries as-is (after the conversions in csvField).
const COPYABLE_TYPES = new Set(['', 'JsonType', 'UuidType', 'DateTimeType', 'DateType', 'TimeType', 'BooleanType', 'StringType', 'TextType', 'IntegerType',
  'SmallIntType', 'TinyIntType', 'MediumIntType', 'BigIntType', 'DecimalType', 'DoubleType', 'FloatType', 'BlobType', 'UnknownType']);

/**
 * PostgreSQL's bulk path: each batch goes in with COPY … FROM STDIN, on one pooled client,
 * in a transaction with its progress row; foreign keys are checked once, after the load
 * (deferred-foreign-keys.ts), so two models load at once. Models with values CSV cannot carry as-is (embedded objects, arrays,
 * custom types) take the multi-row INSERT path of `fallback` instead. A table whose columns all have a
 * binary encoding (copy-binary.ts) gets its batches in COPY's binary format, any other table CSV.
 */
export function pgCopyTransferTarget(orm: MikroORM, fallback: TransferTarget): TransferTarget {
  const platform = orm.em.getPlatform();
  const q = (name: string) => platform.quoteIdentifier(name);
  // Each table's column types (pg_type.typname), asked once per load, in the order of its copyable properties.
  const columnTypes = new Map<EntityMetadata, Promise<string[] | undefined>>();
  const typesOf = (client: PgClient, meta: EntityMetadata, table: string, props: EntityProperty[]) => {
    let types = columnTypes.get(meta);
    if (!types) columnTypes.set(meta, (types = tableColumnTypes(client, table, props)));
    return types;
  };
  return {
    ...fallback,
    ...deferredForeignKeys(orm),
    // With the foreign keys set aside, the order no longer matters: two models at once keep two server processes busy
    // (COPY's parsing and inserting is most of a load's work), as pgloader loads several tables at once.
    concurrentModels: 2,
    // Not a model with embedded objects: their fields are columns of their own, which the records nest.
    takesPortable: meta => copyableProperties(meta) !== undefined && Object.values(meta.properties).every(p => p.kind !== 'embedded' && !p.embedded),
    async loadBatch(meta, rows, progress) {
      const props = copyableProperties(meta);
      if (!props || rows.length === 0) return fallback.loadBatch(meta, rows, progress);
      const pool = (await orm.driver.getConnection().getNativeClient()) as { connect(): Promise<PgClient> };
      const client = await pool.connect();
      try {
        // Not waiting for each batch's WAL flush is safe here: a batch and its progress row commit together, so a
        // server crash loses both or neither (the next run loads it again), and the load's last synchronous commit
        // (forgetting the progress once verified) makes every batch durable before the project changes.
        await client.query('begin; set local synchronous_commit = off');
        const table = qualifiedTableName(orm, meta);
        const columns = props.map(p => q(p.fieldNames[0]!)).join(', ');
        const types = await typesOf(client, meta, table, props);
        const binary = types && encodesBinary(types) ? binaryCopy(rows, props.map(p => p.name), types) : undefined;
        // One chunk per batch: a stream chunk per row costs more in stream bookkeeping than the row itself.
        const copy = client.query(copyFrom(`copy ${table} (${columns}) from stdin with (format ${binary ? 'binary' : 'csv'})`));
        const copied = finished(copy);
        // The write callback runs once the rows are on the socket: PostgreSQL is busy with them.
        copy.write(binary ?? csvText(rows, props), () => progress.sent?.());
        copy.end();
        await copied;
        // The progress table exists: loadRecords asks each model's progress before loading.
        await client.query(upsertProgressSql(q, ['$1', '$2']), [`${progress.runId}:${progress.model}`, progress.loadedAfter]);
        await client.query('commit');
        client.release();
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        client.release(true);
        throw error;
      }
    },
  };
}

function copyableProperties(meta: EntityMetadata): EntityProperty[] | undefined {
  const props = Object.values(meta.properties).filter(p => p.persist !== false && !p.formula && (p.kind === 'scalar' || p.kind === 'm:1' || (p.kind === '1:1' && p.owner)));
  const ok = props.every(p => p.fieldNames?.length === 1 && !p.array && COPYABLE_TYPES.has(p.kind === 'scalar' ? (p.customType?.constructor.name ?? '') : ''));
  return ok && props.length > 0 ? props : undefined;
}

/** The type of each property's column, as the table has it now; undefined when one is not found. */
async function tableColumnTypes(client: PgClient, table: string, props: EntityProperty[]): Promise<string[] | undefined> {
  const result = (await client.query(
    'select a.attname, t.typname from pg_attribute a join pg_type t on t.oid = a.atttypid ' +
      'where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped',
    [table],
  )) as { rows: { attname: string; typname: string }[] };
  const byColumn = new Map(result.rows.map(row => [row.attname, row.typname]));
  const types = props.map(p => byColumn.get(p.fieldNames[0]!));
  return types.every(type => type !== undefined) ? (types as string[]) : undefined;
}

function csvText(rows: Record<string, unknown>[], props: EntityProperty[]): string {
  // A JSON column takes JSON text, also for a value that is a string, number or boolean.
  const json = props.map(p => p.customType instanceof JsonType);
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < props.length; i++) {
      const value = row[props[i]!.name];
      text += (i ? ',' : '') + (json[i] && value != null ? quoted(JSON.stringify(value)) : csvField(value));
    }
    text += '\n';
  }
  return text;
}

/**
 * One value in PostgreSQL's CSV: unquoted empty is NULL, so text is always quoted (with ""
 * escaping); numbers, booleans, timestamps and bytea hex never hold a comma, quote or newline.
 */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  // Binary in its portable form (takesPortable): bytea's hex text.
  if (isBase64(value)) return `\\x${Buffer.from(value.$base64, 'base64').toString('hex')}`;
  return quoted(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

const isBase64 = (value: object): value is { $base64: string } => typeof (value as { $base64?: unknown }).$base64 === 'string';

const quoted = (text: string) => `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
