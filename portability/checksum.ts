import { createHash } from 'node:crypto';
import { canonicalJson, type PortableRecord } from './codec.ts';

const MOD = 1n << 256n;

/**
 * Count and checksum of a model's records. The checksum is the sum of each record's SHA-256
 * (mod 2^256): independent of the order rows come back in, which differs between databases'
 * collations, yet any changed, lost or duplicated record changes it.
 */
export class RecordDigest {
  count = 0;
  #sum = 0n;

  /** Adds one record; returns its canonical JSON line (what snapshot files hold). */
  add(record: PortableRecord): string {
    const line = canonicalJson(record);
    this.addLine(line);
    return line;
  }

  addLine(line: string): void {
    this.#sum = (this.#sum + BigInt(`0x${createHash('sha256').update(line).digest('hex')}`)) % MOD;
    this.count++;
  }

  digest(): string {
    return this.#sum.toString(16).padStart(64, '0');
  }
}
