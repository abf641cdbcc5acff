/**
 * PostgreSQL's binary COPY format for a batch of portable records: the server takes each value as it
 * stores it (an int4 is four bytes, a timestamp the microseconds since 2000) instead of parsing its text,
 * about a quarter less of its time on a load than CSV. Only columns of the types below are encoded; a
 * table with any other (numeric, json, date, arrays, …) keeps CSV, and a value that does not fit its
 * column's type (a string in an int4) makes `binaryCopy` return undefined, so the caller sends that
 * batch as CSV and PostgreSQL answers for it exactly as before.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Thrown by an encoder for a value its column's type does not take as-is. */
class DoesNotFit extends Error {}

/** A growing buffer written front to back. */
class Writer {
  buffer = Buffer.allocUnsafe(1 << 16);
  at = 0;
  reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
  int16(value: number): void {
    this.reserve(2);
    this.at = this.buffer.writeInt16BE(value, this.at);
  }
  int32(value: number): void {
    this.reserve(4);
    this.at = this.buffer.writeInt32BE(value, this.at);
  }
}

type Encode = (value: unknown, out: Writer) => void;

function fixed(bytes: number, write: (value: unknown, buffer: Buffer, at: number) => void): Encode {
  return (value, out) => {
    out.reserve(4 + bytes);
    out.buffer.writeInt32BE(bytes, out.at);
    write(value, out.buffer, out.at + 4);
    out.at += 4 + bytes;
  };
}

function integer(min: number, max: number): (value: unknown) => number {
  return value => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new DoesNotFit();
    return value;
  };
}
const int16 = integer(-0x8000, 0x7fff);
const int32 = integer(-0x80000000, 0x7fffffff);

function bigint(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) return BigInt(value);
  throw new DoesNotFit();
}

/** Microseconds since 2000-01-01 UTC, from a Date or the ISO text portable records carry. */
function timestampMicros(value: unknown): number {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string' && ISO_UTC.test(value)) ms = Date.parse(value);
  else throw new DoesNotFit();
  if (!Number.isFinite(ms)) throw new DoesNotFit();
  return (ms - POSTGRES_EPOCH_MS) * 1000; // exact in a double within ±285 years of 2000 (writeTimestamp checks)
}

function text(value: unknown, out: Writer): void {
  if (typeof value !== 'string') throw new DoesNotFit();
  out.reserve(4 + value.length * 3);
  const bytes = out.buffer.write(value, out.at + 4, 'utf8');
  out.buffer.writeInt32BE(bytes, out.at);
  out.at += 4 + bytes;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By PostgreSQL type name (pg_type.typname). */
const ENCODERS: Record<string, Encode> = {
  int2: fixed(2, (v, b, at) => b.writeInt16BE(int16(v), at)),
  int4: fixed(4, (v, b, at) => b.writeInt32BE(int32(v), at)),
  int8: fixed(8, (v, b, at) => b.writeBigInt64BE(bigint(v), at)),
  float8: fixed(8, (v, b, at) => {
    if (typeof v !== 'number') throw new DoesNotFit();
    b.writeDoubleBE(v, at); // the double's own bits: exact
  }),
  bool: fixed(1, (v, b, at) => {
    if (typeof v !== 'boolean') throw new DoesNotFit();
    b[at] = v ? 1 : 0;
  }),
  timestamptz: fixed(8, writeTimestamp),
  timestamp: fixed(8, writeTimestamp),
  uuid: fixed(16, (v, b, at) => {
    if (typeof v !== 'string' || !UUID.test(v)) throw new DoesNotFit();
    b.write(v.replaceAll('-', ''), at, 'hex');
  }),
  text,
  varchar: text,
};

function writeTimestamp(value: unknown, buffer: Buffer, at: number): void {
  const micros = timestampMicros(value);
  if (Math.abs(micros) > Number.MAX_SAFE_INTEGER) throw new DoesNotFit();
  const high = Math.floor(micros / TWO_32);
  buffer.writeInt32BE(high, at);
  buffer.writeUInt32BE(micros - high * TWO_32, at + 4);
}

/** Whether every column type of a table has a binary encoder here. */
export const encodesBinary = (types: readonly string[]): boolean => types.every(type => type in ENCODERS);

/**
 * The batch as one binary COPY stream (header, one tuple per record, trailer), or undefined when a
 * value does not fit its column's type as-is. `fields` are the records' keys, `types` their columns' typnames.
 */
export function binaryCopy(rows: Record<string, unknown>[], fields: readonly string[], types: readonly string[]): Buffer | undefined {
  const encoders = types.map(type => ENCODERS[type]!);
  const out = new Writer();
  out.reserve(SIGNATURE.length + 8);
  out.at += SIGNATURE.copy(out.buffer, out.at);
  out.int32(0); // flags: no OIDs
  out.int32(0); // no header extension
  try {
    for (const row of rows) {
      out.int16(fields.length);
      for (let i = 0; i < fields.length; i++) {
        const value = row[fields[i]!];
        if (value === null || value === undefined) out.int32(-1);
        else encoders[i]!(value, out);
      }
    }
  } catch (error) {
    if (error instanceof DoesNotFit) return undefined;
    throw error;
  }
  out.int16(-1);
  return out.buffer.subarray(0, out.at);
}
