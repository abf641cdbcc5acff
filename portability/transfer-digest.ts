import type { EntityMetadata } from '@mikro-orm/core';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { canonicalJson, type PortableRecord } from './codec.ts';
import { lookup3Hash } from './lookup3-hash.ts';
import { storedProperties } from './models.ts';

/** What the verification needs of a model's digest: the snapshot's (RecordDigest) or a transfer's (TransferDigest). */
export interface ModelRecordDigest {
  readonly count: number;
  add(record: PortableRecord): unknown;
  digest(): string;
}

let hasher: XXHashAPI | undefined;

/** Loads the hash (WebAssembly, compiled once per process) before the first TransferDigest. */
export async function loadTransferHash(): Promise<void> {
  hasher ??= await xxhash();
}

const MASK = (1n << 64n) - 1n;
const halves = { high: 0, low: 0 };

/**
 * How a record's line is hashed: XXH64 (xxhash-wasm), or lookup3 as PostgreSQL's `hashtextextended` computes it
 * (lookup3-hash.ts), so a target that can digest its own rows (serverDigests, verify-target.ts) is checked without
 * sending them back.
 */
export type RecordHash = 'xxh64' | 'lookup3';

/**
 * Count and checksum of a model's records for a switch, where both sides are digested in the
 * same run and never written down (a snapshot's manifest keeps RecordDigest's SHA-256 sums).
 * The same order-independent sum, of each record's 64-bit hash mod 2^64: several times cheaper
 * per record than SHA-256, and a changed, lost or duplicated record still changes the sum but for
 * a chance of 2^-64. The hashed line is each value's canonical JSON followed by U+0001, in property
 * name order: every record of a model has the model's stored properties (readRecords), so the keys
 * need neither sorting nor writing per record.
 */
export class TransferDigest implements ModelRecordDigest {
  count = 0;
  #sum = 0n;
  // lookup3 hashes are summed as two 32-bit halves in plain numbers (exact up to 2^21 records), folded into #sum
  // now and then: a BigInt per record costs more than the hash.
  #high = 0;
  #low = 0;
  readonly #keys: string[];
  readonly #h64: XXHashAPI['h64'];
  readonly #kind: RecordHash;

  /** `keys`: the property names every record of the model has. */
  constructor(keys: string[], kind: RecordHash = 'xxh64') {
    if (!hasher) throw new Error('loadTransferHash() must be awaited before a TransferDigest is made');
    this.#h64 = hasher.h64;
    this.#kind = kind;
    this.#keys = digestKeys(keys);
  }

  /** The digest of a model's records as readRecords gives them. */
  static of(meta: EntityMetadata, kind: RecordHash = 'xxh64'): TransferDigest {
    return new TransferDigest(storedProperties(meta).map(prop => prop.name), kind);
  }

  add(record: PortableRecord): void {
    let line = '';
    for (const key of this.#keys) line += `${canonicalJson(record[key])}\u0001`;
    if (this.#kind === 'lookup3') {
      lookup3Hash(line, halves);
      this.#high += halves.high;
      this.#low += halves.low;
    } else {
      this.#sum += this.#h64(line);
    }
    if ((++this.count & 0xfffff) === 0) this.#fold();
  }

  digest(): string {
    this.#fold();
    return formatDigest(this.#kind, this.#sum);
  }

  #fold(): void {
    this.#sum = (this.#sum + (BigInt(this.#high) << 32n) + BigInt(this.#low)) & MASK;
    this.#high = 0;
    this.#low = 0;
  }
}

/** The order a record's values are hashed in: property names sorted by UTF-16 code units, as canonicalJson sorts keys. */
export function digestKeys(keys: string[]): string[] {
  return [...keys].sort();
}

/** A sum of record hashes (any integer congruent to it mod 2^64, a server's signed sum too) as a digest. */
export function formatDigest(kind: RecordHash, sum: bigint): string {
  return `${kind}:${BigInt.asUintN(64, sum).toString(16).padStart(16, '0')}`;
}

