import { hash } from 'node:crypto';
import { canonicalJson, type PortableRecord } from './codec.ts';

const MOD = 1n << 256n;
const WORDS = 8; // a SHA-256 digest as eight 32-bit words, most significant first
// Each lane adds 32-bit words in a double, exact below 2^53: fold into the BigInt well before.
const FOLD_EVERY = 1 << 20;

/**
 * Count and checksum of a model's records. The checksum is the sum of each record's SHA-256
 * (mod 2^256): independent of the order rows come back in, which differs between databases'
 * collations, yet any changed, lost or duplicated record changes it. The sum is kept as eight
 * 32-bit lanes added without carrying (a million records cost no BigInt arithmetic) and folded
 * into one 256-bit number now and then.
 */
export class RecordDigest {
  count = 0;
  #sum = 0n;
  readonly #lanes = new Float64Array(WORDS);
  #pending = 0;

  /** Adds one record; returns its canonical JSON line (what snapshot files hold). */
  add(record: PortableRecord): string {
    const line = canonicalJson(record);
    this.addLine(line);
    return line;
  }

  addLine(line: string): void {
    const digest = hash('sha256', line, 'buffer');
    for (let i = 0; i < WORDS; i++) this.#lanes[i]! += digest.readUInt32BE(i * 4);
    this.count++;
    if (++this.#pending === FOLD_EVERY) this.#fold();
  }

  digest(): string {
    this.#fold();
    return this.#sum.toString(16).padStart(64, '0');
  }

  #fold(): void {
    let sum = this.#sum;
    for (let i = 0; i < WORDS; i++) sum += BigInt(this.#lanes[i]!) << BigInt(32 * (WORDS - 1 - i));
    this.#sum = sum % MOD;
    this.#lanes.fill(0);
    this.#pending = 0;
  }
}
