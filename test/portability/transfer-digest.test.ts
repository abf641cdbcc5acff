import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lookup3Hash } from '../../portability/lookup3-hash.ts';
import { formatDigest, loadTransferHash, TransferDigest } from '../../portability/transfer-digest.ts';

const digest = suite('transfer checksums (a switch compares both sides with them)');

const KEYS = ['id', 'name', 'ratio', 'settings', 'seenAt', 'big'];
const RECORDS = [
  { id: 1, name: 'Press 0', ratio: 0.1, settings: { tags: ['a', 'b0'], country: 'FR' }, seenAt: '2023-11-14T22:13:20.000Z', big: '12345678901234567890' },
  { id: 2, name: 'ü “quoted” \\ \n', ratio: 90.28571428571429, settings: null, seenAt: null, big: '-1' },
  { id: 3, name: '', ratio: -0.5, settings: { b: [1, { d: 2, c: [] }], a: {} }, seenAt: '1970-01-01T00:00:00.000Z', big: '0' },
];

const digestOf = (records: object[], keys = KEYS) => {
  const d = new TransferDigest(keys);
  for (const record of records) d.add(record as Record<string, unknown>);
  return d.digest();
};

digest.before(loadTransferHash);

digest('does not depend on the order records come in, nor on the order of their keys or the model lists its properties', () => {
  const reordered = RECORDS.map(record => Object.fromEntries(Object.entries(record).reverse()));
  assert.is(digestOf([...reordered].reverse(), [...KEYS].reverse()), digestOf(RECORDS));
});

digest('a changed value, a lost or a duplicated record changes it', () => {
  const before = digestOf(RECORDS);
  assert.is.not(digestOf([{ ...RECORDS[0]!, name: 'Press 1' }, ...RECORDS.slice(1)]), before);
  assert.is.not(digestOf([{ ...RECORDS[1]!, ratio: 90.28571428571428 }, RECORDS[0]!, RECORDS[2]!]), before, 'a double off by its last bit');
  assert.is.not(digestOf([{ ...RECORDS[0]!, big: '12345678901234567891' }, ...RECORDS.slice(1)]), before);
  assert.is.not(digestOf([{ ...RECORDS[0]!, settings: { tags: ['b0', 'a'], country: 'FR' } }, ...RECORDS.slice(1)]), before);
  assert.is.not(digestOf(RECORDS.slice(1)), before);
  assert.is.not(digestOf([...RECORDS, RECORDS[2]!]), before);
});

digest('tells values apart that a plain concatenation would not', () => {
  assert.is.not(digestOf([{ a: 'x,y', b: 'z' }], ['a', 'b']), digestOf([{ a: 'x', b: 'y,z' }], ['a', 'b']));
  assert.is.not(digestOf([{ a: null, b: 'null' }], ['a', 'b']), digestOf([{ a: 'null', b: null }], ['a', 'b']));
  assert.is.not(digestOf([{ a: 1 }], ['a']), digestOf([{ a: '1' }], ['a']));
});

for (const kind of ['xxh64', 'lookup3'] as const) digest(`${kind}: stays exact past a million records, and can be read midway`, () => {
  const d = new TransferDigest(['id'], kind);
  const twice = new TransferDigest(['id'], kind);
  for (let i = 0; i < 1_100_000; i++) {
    d.add({ id: i % 1000 });
    if (i < 550_000) twice.add({ id: i % 1000 }), twice.add({ id: i % 1000 });
  }
  assert.is(d.count, 1_100_000);
  const midway = d.digest();
  assert.is(d.digest(), midway, 'reading it changes nothing');
  assert.is(midway, twice.digest(), 'the same records, counted the same, in another order of adding');
  assert.ok(new RegExp(`^${kind}:[0-9a-f]{16}$`).test(midway));
  if (kind === 'lookup3') {
    // 1,100,000 records of 1,000 ids: each id's hash 1,100 times, summed mod 2^64.
    let ids = 0n;
    const out = { high: 0, low: 0 };
    for (let id = 0; id < 1000; id++) lookup3Hash(`${id}\u0001`, out), (ids += (BigInt(out.high) << 32n) + BigInt(out.low));
    assert.is(midway, formatDigest('lookup3', ids * 1100n), 'the exact sum');
  }
});

digest('with lookup3 (what PostgreSQL computes itself), a record is its line’s hashtextextended, order-independent, changes seen', () => {
  const lookup3 = (records: object[], keys = KEYS) => {
    const d = new TransferDigest(keys, 'lookup3');
    for (const record of records) d.add(record as Record<string, unknown>);
    return d.digest();
  };
  // PostgreSQL 15: select hashtextextended('"Press 0"' || chr(1), 0)
  assert.is(lookup3([{ name: 'Press 0' }], ['name']), formatDigest('lookup3', 4384346090798405392n));
  assert.is(lookup3([...RECORDS].reverse()), lookup3(RECORDS));
  assert.is.not(lookup3([{ ...RECORDS[1]!, ratio: 90.28571428571428 }, RECORDS[0]!, RECORDS[2]!]), lookup3(RECORDS), 'a double off by its last bit');
  assert.is.not(lookup3(RECORDS), digestOf(RECORDS), 'the kind is part of the digest');
  assert.is(formatDigest('lookup3', -1n), 'lookup3:ffffffffffffffff', "a server's signed sum reads mod 2^64");
});

digest.run();
