/**
 * The 64-bit hash PostgreSQL's `hashtextextended(text, 0)` gives a text: Bob Jenkins' lookup3 over its UTF-8
 * bytes, as PostgreSQL varies it (`hash_bytes_extended` in src/common/hashfn.c: its own initial state, the last
 * bytes added as on a little-endian machine, `b` and `c` as the high and low halves). A switch hashes each record's
 * line with it so a PostgreSQL target can sum the same hashes of its stored rows itself, without MD5's cost on
 * either side. Checked against the server in test/portability/lookup3-hash.test.ts; were a server to differ (a
 * big-endian one), its sums would differ and the switch would read the rows back instead.
 */
export interface Lookup3Hash {
  high: number;
  low: number;
}

// Lines are written into one buffer, grown when a line could need more: no allocation per record.
let bytes = Buffer.allocUnsafe(4096);

const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** Hashes `line`'s UTF-8 bytes into `out` (unsigned 32-bit halves). */
export function lookup3Hash(line: string, out: Lookup3Hash): void {
  if (line.length * 3 > bytes.length) bytes = Buffer.allocUnsafe(line.length * 3);
  const k = bytes;
  let len = k.write(line, 0);
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  let i = 0;
  for (; len >= 12; len -= 12, i += 12) {
    a = (a + (k[i]! | (k[i + 1]! << 8) | (k[i + 2]! << 16) | (k[i + 3]! << 24))) | 0;
    b = (b + (k[i + 4]! | (k[i + 5]! << 8) | (k[i + 6]! << 16) | (k[i + 7]! << 24))) | 0;
    c = (c + (k[i + 8]! | (k[i + 9]! << 8) | (k[i + 10]! << 16) | (k[i + 11]! << 24))) | 0;
    // mix(a, b, c)
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
  }
  // The last 11 bytes or fewer; the lowest byte of c stays free (PostgreSQL's variant).
  /* eslint-disable no-fallthrough */
  switch (len) {
    case 11: c = (c + (k[i + 10]! << 24)) | 0;
    case 10: c = (c + (k[i + 9]! << 16)) | 0;
    case 9: c = (c + (k[i + 8]! << 8)) | 0;
    case 8: b = (b + (k[i + 7]! << 24)) | 0;
    case 7: b = (b + (k[i + 6]! << 16)) | 0;
    case 6: b = (b + (k[i + 5]! << 8)) | 0;
    case 5: b = (b + k[i + 4]!) | 0;
    case 4: a = (a + (k[i + 3]! << 24)) | 0;
    case 3: a = (a + (k[i + 2]! << 16)) | 0;
    case 2: a = (a + (k[i + 1]! << 8)) | 0;
    case 1: a = (a + k[i]!) | 0;
  }
  // final(a, b, c)
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  out.high = b >>> 0;
  out.low = c >>> 0;
}
