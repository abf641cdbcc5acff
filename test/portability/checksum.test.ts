import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordDigest } from '../../portability/checksum.ts';
import { canonicalJson } from '../../portability/codec.ts';

const checksum = suite('record checksums');

const RECORDS = [
  { id: 1, name: 'Press 0', active: true, settings: { tags: ['a', 'b0'], country: 'FR' } },
  { zeta: null, alpha: 'ü “quoted” \\ \n', nested: { b: [1, { d: 2, c: [] }], a: {} }, n: -0.5, big: '12345678901234567890' },
  { price: '5.19', seenAt: '2023-11-14T22:13:20.000Z', blob: { $base64: 'AAEC' }, empty: '', list: [null, true, false] },
  { Ä: 1, a: 2, B: 3, _: 4, 10: 5, 9: 6 },
];

const digestOf = (records: object[]) => {
  const digest = new RecordDigest();
  for (const record of records) digest.add(record as Record<string, unknown>);
  return digest.digest();
};

checksum('records and checksums are the text and value snapshots have always had (written 2026-11-24)', () => {
  assert.equal(RECORDS.map(canonicalJson), [
    '{"active":true,"id":1,"name":"Press 0","settings":{"country":"FR","tags":["a","b0"]}}',
    '{"alpha":"ü “quoted” \\\\ \\n","big":"12345678901234567890","n":-0.5,"nested":{"a":{},"b":[1,{"c":[],"d":2}]},"zeta":null}',
    '{"blob":{"$base64":"AAEC"},"empty":"","list":[null,true,false],"price":"5.19","seenAt":"2023-11-14T22:13:20.000Z"}',
    '{"10":5,"9":6,"B":3,"_":4,"a":2,"Ä":1}',
  ]);
  assert.is(digestOf(RECORDS), '960419a474669ea6f1be00161665fc0ad9a5a3fcece7b809e3c1a93bab53f315');
});

checksum('does not depend on the order records come in, nor on the order of their keys', () => {
  const reordered = RECORDS.map(record => Object.fromEntries(Object.entries(record).reverse()));
  assert.is(digestOf([...reordered].reverse()), digestOf(RECORDS));
});

checksum('a changed, lost or duplicated record changes it', () => {
  const before = digestOf(RECORDS);
  assert.is.not(digestOf([{ ...RECORDS[0], name: 'Press 1' }, ...RECORDS.slice(1)]), before);
  assert.is.not(digestOf(RECORDS.slice(1)), before);
  assert.is.not(digestOf([...RECORDS, RECORDS[2]!]), before);
});

checksum('stays exact past a million records, and can be read midway', () => {
  const line = '{"id":1}';
  const one = BigInt(`0x${createHash('sha256').update(line).digest('hex')}`);
  const expected = (n: number) => ((one * BigInt(n)) % (1n << 256n)).toString(16).padStart(64, '0');
  const digest = new RecordDigest();
  for (let i = 0; i < 1000; i++) digest.addLine(line);
  assert.is(digest.digest(), expected(1000));
  for (let i = 1000; i < 1_100_000; i++) digest.addLine(line);
  assert.is(digest.digest(), expected(1_100_000));
  assert.is(digest.count, 1_100_000);
});

checksum.run();
