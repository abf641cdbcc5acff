/**
 * COPY's binary format (runtime/providers/postgresql/copy-binary.ts) on a real PostgreSQL: what it
 * encodes comes back exactly, and what it cannot encode as-is is left to CSV.
 */
import { createRequire } from 'node:module';
import { finished } from 'node:stream/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { binaryCopy, encodesBinary } from '../../runtime/providers/postgresql/copy-binary.ts';
import { postgresTarget } from '../support/databases.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');
const { from: copyFrom } = require('pg-copy-streams') as typeof import('pg-copy-streams');

const test = suite('binary COPY into PostgreSQL');

const COLUMNS = ['small', 'whole', 'big', 'ratio', 'active', 'at', 'naive', 'ref', 'label', 'note'];
const TYPES = ['int2', 'int4', 'int8', 'float8', 'bool', 'timestamptz', 'timestamp', 'uuid', 'varchar', 'text'];
const TABLE = 'create table sample (small int2, whole int4, big int8, ratio float8, active bool, at timestamptz(3), ' +
  'naive timestamp(3), ref uuid, label varchar(40), note text)';

const ROWS = [
  {
    small: -32768, whole: 2147483647, big: '9223372036854775807', ratio: 0.1 + 0.2, active: true,
    at: '2024-02-29T23:59:59.999Z', naive: '1999-12-31T12:00:00.001Z', ref: '0b3f3a52-6f4e-4c6e-9d1c-2f9b8c1d7e10',
    label: 'naïve, "quoted"\n🎉', note: 'back\\slash\ttab',
  },
  { small: 0, whole: -2147483648, big: '-9223372036854775808', ratio: 5e-324, active: false, at: '1970-01-01T00:00:00.000Z',
    naive: '2262-04-11T23:47:16.854Z', ref: null, label: '', note: null },
  { small: null, whole: null, big: 42, ratio: -0, active: null, at: null, naive: null, ref: null, label: null, note: 'x' },
];

async function withTable(fn: (client: import('pg').Client) => Promise<void>): Promise<void> {
  const db = await postgresTarget.create();
  const client = new pg.Client({ connectionString: String(db.config.url) });
  try {
    await client.connect();
    await client.query(TABLE);
    await fn(client);
  } finally {
    await client.end().catch(() => undefined);
    await db.drop();
  }
}

async function copyBinary(client: import('pg').Client, data: Buffer): Promise<void> {
  const copy = client.query(copyFrom(`copy sample (${COLUMNS.join(', ')}) from stdin with (format binary)`));
  const done = finished(copy);
  copy.end(data);
  await done;
}

test('every encoded type comes back exactly: integer bounds, the bits of each double, timestamps to the millisecond, text as written', async () => {
  await withTable(async client => {
    const data = binaryCopy(ROWS, COLUMNS, TYPES);
    assert.ok(data);
    await copyBinary(client, data!);
    const { rows } = await client.query(
      "select small, whole, big::text as big, ratio, float8send(ratio) as bits, active, to_char(at at time zone 'UTC', " +
        "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') as at, to_char(naive, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') as naive, ref::text as ref, " +
        'label, note from sample order by whole nulls last',
    );
    const bits = (value: number) => { const b = Buffer.alloc(8); b.writeDoubleBE(value); return b.toString('hex'); };
    const [first, second, third] = [rows.find(r => r.whole === 2147483647), rows.find(r => r.whole === -2147483648), rows.find(r => r.whole === null)];
    assert.equal([first.small, first.big, first.active, first.at, first.naive, first.ref, first.label, first.note],
      [-32768, '9223372036854775807', true, '2024-02-29T23:59:59.999Z', '1999-12-31T12:00:00.001', ROWS[0]!.ref, ROWS[0]!.label, ROWS[0]!.note]);
    assert.is(first.bits.toString('hex'), bits(0.1 + 0.2));
    assert.equal([second.big, second.active, second.at, second.naive, second.ref, second.label, second.note],
      ['-9223372036854775808', false, '1970-01-01T00:00:00.000Z', '2262-04-11T23:47:16.854', null, '', null]);
    assert.is(second.bits.toString('hex'), bits(5e-324));
    assert.equal([third.small, third.big, third.active, third.at, third.note], [null, '42', null, null, 'x']);
    assert.is(third.bits.toString('hex'), bits(-0));
  });
});

test('a value its column does not take as-is (text in an int4, a fraction, a date without its zone) leaves the batch to CSV', () => {
  const base = { ...ROWS[0]! };
  for (const [column, value] of [['whole', '12'], ['whole', 1.5], ['at', '2024-02-29 23:59:59'], ['big', '1e3'], ['ref', 'not-a-uuid']] as const) {
    assert.is(binaryCopy([{ ...base, [column]: value }], COLUMNS, TYPES), undefined, `${column} = ${value}`);
  }
});

test('a table with a column of another type (numeric, jsonb, date, an enum) is not encoded', () => {
  assert.ok(encodesBinary(TYPES));
  for (const type of ['numeric', 'jsonb', 'date', 'mood']) assert.not.ok(encodesBinary([...TYPES, type]), type);
});

test.run();
