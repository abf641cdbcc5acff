import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defineEntity, p } from '@mikro-orm/core';
import { transferDatabase } from '../../portability/index.ts';
import type { ProgressReporter } from '../../portability/progress.ts';
import { formatDigest, loadTransferHash, TransferDigest } from '../../portability/transfer-digest.ts';
import { digestDatabase } from '../../portability/verify.ts';
import { serverDigests, verifyTarget } from '../../portability/verify-target.ts';
import type { DatabaseManager } from '../../runtime/manager.ts';
import { postgresTarget, sqliteTarget } from '../support/databases.ts';
import { withPair } from '../support/portable-project.ts';
import { countReads } from '../support/count-reads.ts';
import { seedPortableData } from '../support/portable-data.ts';

const test = suite('a switch into PostgreSQL lets the server digest the rows it stored (and reads a model back when it must)');

// Every type the server renders itself, and references to an integer and to a text key.
const Shelf = defineEntity({ name: 'Shelf', properties: { code: p.string().primary(), floor: p.integer() } });
const Item = defineEntity({
  name: 'Item',
  properties: {
    id: p.integer().primary(),
    label: p.string(),
    note: p.text().nullable(),
    serial: p.uuid(),
    big: p.bigint(),
    ratio: p.double(),
    price: p.decimal().precision(10).scale(2),
    active: p.boolean(),
    seenAt: p.datetime().length(3),
    lastSeen: p.datetime().length(3).nullable(),
    maybe: p.integer().nullable(),
    shelf: () => p.manyToOne(Shelf),
  },
});
const Tag = defineEntity({ name: 'Tag', properties: { id: p.integer().primary(), item: () => p.manyToOne(Item), weight: p.double() } });
const MODELS = [Shelf, Item, Tag];

const TEXTS = ['plain', 'quote " and \\ backslash', 'line\nbreak\ttab', 'ü “curly” 🎉', 'ctrl \u0001 \u001f end', ''];

async function seed(source: DatabaseManager, rows: number, ratio = (i: number) => i / 7): Promise<void> {
  const em = source.em.fork();
  for (const code of ['A', 'B"', 'c\\d']) em.create(Shelf, { code, floor: code.length });
  for (let i = 1; i <= rows; i++) {
    em.create(Item, {
      id: i,
      label: TEXTS[i % TEXTS.length]!,
      note: i % 3 ? null : `note ${i}`,
      serial: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      big: BigInt(2) ** BigInt(62) - BigInt(i),
      ratio: ratio(i),
      price: i % 2 ? `${i}.10` : `${i}.00`,
      active: i % 2 === 0,
      seenAt: new Date(1_700_000_000_000 + i * 1001),
      lastSeen: i % 5 ? new Date(1_600_000_000_000 - i) : null,
      maybe: i % 4 ? i : null,
      shelf: ['A', 'B"', 'c\\d'][i % 3]!,
    });
    em.create(Tag, { id: i, item: i, weight: -i / 3 });
  }
  await em.flush();
}

/** Runs `change` on the target once every model is loaded, before the verification starts. */
function onceLoaded(target: DatabaseManager, change: () => Promise<unknown>): void {
  const sink = target.transferTarget();
  // After the last model's rows and the foreign keys are in: models load two at a time, so no one model's end is the load's.
  const afterLoad = sink.afterLoad!.bind(sink);
  sink.afterLoad = async models => {
    await afterLoad(models);
    await change();
  };
}

test.before(loadTransferHash);

test("PostgreSQL's digest of each model equals the digest of its rows read back, for every type it renders", () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 120);
    const rows = await transferDatabase(source, target, { batchSize: 50 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    const queries = serverDigests(target);
    assert.equal([...queries.keys()].sort(), ['Item', 'Shelf', 'Tag']);
    const readBack = await digestDatabase(target, 50, undefined, meta => TransferDigest.of(meta, 'lookup3'));
    for (const [model, query] of queries) {
      const { count, sum } = await query();
      assert.is(count, readBack.find(d => d.model === model)!.count, model);
      assert.is(formatDigest('lookup3', sum), readBack.find(d => d.model === model)!.checksum, model);
    }
  }, MODELS));

test('with every model digested by the server, the switch reads nothing back from the target', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 60);
    const reads = countReads(target);
    const rows = await transferDatabase(source, target, { batchSize: 25 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.equal(Object.fromEntries(reads), {});
  }, MODELS));

test('models with JSON or embedded values have no server digest: they are read back and digested here', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seedPortableData(source, 20);
    const onServer = [...serverDigests(target).keys()];
    assert.not.ok(onServer.includes('Publisher'), 'Publisher has a JSON column');
    assert.not.ok(onServer.includes('Writer'), 'Writer has an embedded address');
    const reads = countReads(target);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.is(reads.get('Publisher'), 1);
    assert.is(reads.get('Writer'), 1);
    for (const model of onServer) assert.is(reads.get(model), undefined, `${model} was digested by the server`);
  }));

test('a double PostgreSQL prints with an exponent makes the sums differ: that model is read back, and the move passes', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 30, i => (i === 7 ? 1e21 : i === 8 ? 1.5e-7 : i / 7));
    const reads = countReads(target);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.equal(Object.fromEntries(reads), { Item: 1 }, 'only the model the server renders otherwise');
  }, MODELS));

test('a target row changed after the load is reported different: the server sum differs and the read back confirms it', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 30);
    // Once the last model is loaded, before the verification: someone edits a row the server digest covers.
    let changed = false;
    onceLoaded(target, async () => {
      await target.em.getConnection().execute("update item set label = 'tampered' where id = 5");
      changed = true;
    });
    const reads = countReads(target);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.ok(changed);
    assert.equal(Object.fromEntries(reads), { Item: 1 }, 'the differing model was read back to confirm');
    const item = rows.find(r => r.model === 'Item')!;
    assert.equal(item, { model: 'Item', sourceCount: 30, targetCount: 30, checksumsMatch: false });
    assert.ok(rows.filter(r => r.model !== 'Item').every(r => r.checksumsMatch), JSON.stringify(rows));
  }, MODELS));

test("a server digest that fails (an older PostgreSQL without trim_scale(), say) is no verdict: that model is read back", () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 20);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.ok(rows.every(r => r.checksumsMatch), JSON.stringify(rows));
    const moved = await digestDatabase(target, 10, undefined, meta => TransferDigest.of(meta, 'lookup3'));
    const onServer = serverDigests(target);
    onServer.set('Item', () => Promise.reject(new Error('function trim_scale(numeric) does not exist')));
    const reads = countReads(target);
    const verified = await verifyTarget(target, moved, onServer, { batchSize: 10, digestOf: meta => TransferDigest.of(meta, 'lookup3') });
    assert.equal(verified, moved);
    assert.equal(Object.fromEntries(reads), { Item: 1 });
  }, MODELS));

test('a timestamp no JS date holds (a BC year, infinity) never passes as the value it resembles', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 10);
    // The same digits in 2023 BC: to_char's YYYY alone would print them as the source's 2023.
    onceLoaded(target, () =>
      target.em.getConnection().execute("update item set seen_at = (seen_at::text || ' BC')::timestamptz where id = 3"),
    );
    const onServer = serverDigests(target);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.equal(rows.find(r => r.model === 'Item'), { model: 'Item', sourceCount: 10, targetCount: 10, checksumsMatch: false });
    // Row 5 has no last_seen: infinity there must not read as the NULL it replaced (to_char() gives NULL for it).
    const { sum: withNull } = await onServer.get('Item')!();
    await target.em.getConnection().execute("update item set last_seen = 'infinity' where id = 5");
    assert.is.not((await onServer.get('Item')!()).sum, withNull, 'infinity is not NULL');
  }, MODELS));

test("a column whose type in the table is not the model's (char(n) made by a migration) is not digested by the server", () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 5);
    await transferDatabase(source, target, { batchSize: 10 });
    await target.em.getConnection().execute('alter table item alter column label type char(300)');
    const error = await serverDigests(target).get('Item')!().then(() => undefined, (e: Error) => e);
    assert.match(String(error?.message), 'item.label is character(300)');
  }, MODELS));

test('a model of more than 50 values is digested by the server too (no function-argument limit)', () => {
  const Wide = defineEntity({
    name: 'Wide',
    properties: { id: p.integer().primary(), ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`c${i}`, p.integer()])) },
  });
  return withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    const em = source.em.fork();
    for (let id = 1; id <= 3; id++) {
      em.create(Wide, { id, ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`c${i}`, id * i])) } as never);
    }
    await em.flush();
    const reads = countReads(target);
    const rows = await transferDatabase(source, target, { batchSize: 10 });
    assert.ok(rows.every(r => r.checksumsMatch && r.sourceCount === r.targetCount), JSON.stringify(rows));
    assert.equal(Object.fromEntries(reads), {});
  }, [Wide]);
});

test('progress: a model the server settles is one verify bar, done with its rows; one read back starts that bar again', () =>
  withPair(sqliteTarget, postgresTarget, async ({ source, target }) => {
    await seed(source, 30, i => (i === 7 ? 1.5e-7 : i / 7));
    const events: string[] = [];
    const progress: ProgressReporter = {
      start: (model, total, done) => model.endsWith('(verify)') && events.push(`start ${model} ${done}/${total}`),
      advance: (model, done) => model.endsWith('(verify)') && events.push(`advance ${model} ${done}`),
      finish: model => model.endsWith('(verify)') && events.push(`finish ${model}`),
      stop: () => undefined,
    };
    await transferDatabase(source, target, { batchSize: 100, progress });
    const of = (model: string) => events.filter(event => event.includes(`${model} (verify)`));
    assert.equal(of('Tag'), ['start Tag (verify) 0/30', 'advance Tag (verify) 30', 'finish Tag (verify)']);
    // Item's sum differs (1.5e-7 prints as 1.5e-07 there): its bar starts again as it is read back.
    assert.equal(of('Item'), ['start Item (verify) 0/30', 'start Item (verify) 0/30', 'advance Item (verify) 30', 'finish Item (verify)']);
  }, MODELS));

test.run();
