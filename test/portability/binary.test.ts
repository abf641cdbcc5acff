import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defineEntity, p } from '@mikro-orm/core';
import { transferDatabase } from '../../portability/index.ts';
import { postgresTarget, sqliteTarget } from '../support/databases.ts';
import { withPair } from '../support/portable-project.ts';

const test = suite('binary values move byte for byte');

const Attachment = defineEntity({
  name: 'Attachment',
  properties: { id: p.integer().primary(), bytes: p.blob(), maybe: p.blob().nullable() },
});
const BYTES = [Buffer.from([0, 1, 2, 254, 255]), Buffer.alloc(0), Buffer.from('a,"b"\n\\c', 'utf8'), Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256))];

test('sqlite → postgresql (COPY): every byte of every value arrives, empty and NULL ones too', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    const em = source.em.fork();
    BYTES.forEach((bytes, i) => em.create(Attachment, { id: i + 1, bytes, maybe: i % 2 ? null : bytes }));
    await em.flush();
    const rows = await transferDatabase(source, target, { batchSize: 2 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    const stored = (await target.em.getConnection().execute('select id, bytes, maybe from attachment order by id')) as { id: number; bytes: Buffer; maybe: Buffer | null }[];
    stored.forEach((row, i) => {
      assert.ok(Buffer.from(row.bytes).equals(BYTES[i]!), `bytes of ${row.id}`);
      assert.equal(row.maybe === null ? null : [...Buffer.from(row.maybe)], i % 2 ? null : [...BYTES[i]!]);
    });
  }, [Attachment]));

test.run();
