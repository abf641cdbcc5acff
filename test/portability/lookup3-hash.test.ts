import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { lookup3Hash } from '../../portability/lookup3-hash.ts';
import { postgresTarget, type TestDatabase } from '../support/databases.ts';

const test = suite("lookup3Hash gives each line the hash PostgreSQL's hashtextextended(line, 0) gives it");

let db: TestDatabase;
let client: pg.Client;
test.before(async () => {
  db = await postgresTarget.create();
  client = new pg.Client({ connectionString: String(db.config.url) });
  await client.connect();
});
test.after(async () => {
  await client?.end();
  await db?.drop();
});

const ours = (line: string) => {
  const out = { high: 0, low: 0 };
  lookup3Hash(line, out);
  return BigInt.asIntN(64, (BigInt(out.high) << 32n) | BigInt(out.low)).toString();
};

async function expectSameAsServer(lines: string[]): Promise<void> {
  const { rows } = await client.query<{ hash: string }>(
    'select hashtextextended(line, 0)::text as hash from unnest($1::text[]) with ordinality as given(line, n) order by n',
    [lines],
  );
  const differing = lines.filter((line, i) => ours(line) !== rows[i]!.hash);
  assert.equal(differing.map(line => JSON.stringify(line.slice(0, 40))), [], 'lines hashed otherwise than by the server');
}

test('every length of the tail (0 to 11 bytes past each 12-byte block), up to 100 bytes', async () => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  await expectSameAsServer(Array.from({ length: 101 }, (_, n) => alphabet.repeat(3).slice(0, n)));
});

test('characters of two, three and four UTF-8 bytes, at every position of a block', async () => {
  const lines: string[] = [];
  for (const wide of ['é', '€', '🎉']) for (let before = 0; before < 13; before++) lines.push(`${'x'.repeat(before)}${wide}tail`, `${'y'.repeat(before)}${wide}`);
  await expectSameAsServer(lines);
});

test("a switch's lines: canonical JSON values and U+0001, control characters, quotes", async () => {
  await expectSameAsServer([
    '1\u0001"label 1"\u00019973\u00010.14285714285714285\u0001"2023-11-14T22:13:20.000Z"\u0001true\u00011\u0001',
    'null\u0001"quote \\" and \\\\ backslash"\u0001"line\\nbreak\\ttab"\u0001"ctrl \\u0001 \\u001f end"\u0001',
  ]);
});

test('random lines of random lengths (a fixed seed), and lines longer than its first buffer', async () => {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const lines = Array.from({ length: 500 }, () => String.fromCodePoint(...Array.from({ length: next() % 90 }, () => 32 + (next() % 1200))));
  await expectSameAsServer([...lines, 'long '.repeat(2000), 'ñ'.repeat(3000)]);
});

test.run();
