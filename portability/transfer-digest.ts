import type { EntityMetadata } from '@mikro-orm/core';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { canonicalJson, type PortableRecord } from './codec.ts';
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

/**
 * Count and checksum of a model's records for a switch, where both sides are digested in the
 * same run and never written down (a snapshot's manifest keeps RecordDigest's SHA-256 sums).
 * The same order-independent sum, of each record's 64-bit xxHash (XXH64) mod 2^64: several
 * times cheaper per record than SHA-256, and a changed, lost or duplicated record still changes
 * the sum but for a chance of 2^-64. The hashed text is each value's canonical JSON in property
 * name order: every record of a model has the model's stored properties (readRecords), so the
 * keys need neither sorting nor writing per record.
 */
export class TransferDigest implements ModelRecordDigest {
  count = 0;
  #sum = 0n;
  readonly #keys: string[];
  readonly #h64: XXHashAPI['h64'];

  /** `keys`: the property names every record of the model has. */
  constructor(keys: string[]) {
    if (!hasher) throw new Error('loadTransferHash() must be awaited before a TransferDigest is made');
    this.#h64 = hasher.h64;
    // Sorted by UTF-16 code units, as canonicalJson sorts keys: the same whatever order the metadata lists them in.
    this.#keys = [...keys].sort();
  }

  /** The digest of a model's records as readRecords gives them. */
  static of(meta: EntityMetadata): TransferDigest {
    return new TransferDigest(storedProperties(meta).map(prop => prop.name));
  }

  add(record: PortableRecord): void {
    let line = '';
    for (const key of this.#keys) line += `${canonicalJson(record[key])}\u0001`;
    this.#sum += this.#h64(line);
    // A BigInt of a million 64-bit sums stays small; fold now and then all the same.
    if ((++this.count & 0xffff) === 0) this.#sum &= MASK;
  }

  digest(): string {
    return `xxh64:${(this.#sum & MASK).toString(16).padStart(16, '0')}`;
  }
}
