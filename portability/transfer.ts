import { createHash } from 'node:crypto';
import type { EntityManager, EntityMetadata } from '@mikro-orm/core';
import { readConsistently } from '../runtime/internal.ts';
import { changeMarker } from '../runtime/internal.ts';
import type { DatabaseManager } from '../runtime/index.ts';
import { forgetProgress, loadRecords, type LoadOptions, type RecordSource } from './load.ts';
import { modelsInLoadOrder, untransferable } from './models.ts';
import { FarmRuntimeError } from '../runtime/index.ts';
import { readRecords } from './read.ts';
import { oneReadAtATime } from './one-read-at-a-time.ts';
import { countRows } from './count.ts';
import { openSnapshot } from './snapshot.ts';
import { allMatch, compareDigests, digestDatabase, type ModelDigest, type VerificationRow } from './verify.ts';
import { loadTransferHash, TransferDigest } from './transfer-digest.ts';
import { serverDigests, verifyTarget } from './verify-target.ts';
import type { PortableRecord } from './codec.ts';

/** Another database as a record source, read in the read transaction `em` when given. It is only read. */
export async function databaseSource(source: DatabaseManager, batchSize: number, em?: EntityManager): Promise<RecordSource> {
  const byName = new Map(modelsInLoadOrder(source.orm).map(meta => [meta.className, meta]));
  const totals = new Map<string, number>();
  for (const [name, meta] of byName) totals.set(name, await countRows(source, meta, em));
  // Models loaded at once read on this one read transaction's connection: a page at a time.
  const pages = oneReadAtATime(source.transferSource());
  const identity = JSON.stringify({ type: source.config.type, url: source.config.url, host: source.config.host, db: source.config.dbName, models: [...byName.keys()] });
  return {
    runId: `switch:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`,
    total: model => totals.get(model) ?? 0,
    records: meta => readRecords(source, byName.get(meta.className)!, batchSize, em, !pages.blocking, pages),
  };
}

/**
 * Moves every model's records from `source` to `target` (resuming an interrupted move), then
 * compares counts and checksums on both sides. The source is read in one read transaction (see
 * readConsistently), so the move is one consistent snapshot of it; its side of the comparison is
 * taken from the records as they stream past (a resumed load still reads the ones it skips).
 * The live source is read again meanwhile (after the snapshot's transaction): once the target
 * matches, rows written to the source since the snapshot would be lost by a switch, so they stop
 * the move with an error that says how many.
 */
export async function transferDatabase(source: DatabaseManager, target: DatabaseManager, options: LoadOptions): Promise<VerificationRow[]> {
  const differences = untransferable(source.orm, target.orm);
  if (differences.length > 0) {
    throw new FarmRuntimeError(`some records could not be moved: ${differences.join('; ')}`, {
      hint: 'nothing was moved; register the same models on both sides',
    });
  }
  await loadTransferHash();
  // Models the target can digest itself are hashed with lookup3 on both sides (see serverDigestOf), the others with XXH64.
  const onServer = serverDigests(target);
  const digestOf = (meta: EntityMetadata) => TransferDigest.of(meta, onServer.has(meta.className) ? 'lookup3' : 'xxh64');
  const models = modelsInLoadOrder(source.orm);
  const before = await changeMarker(source, models);
  const { runId, moved } = await readConsistently(source, async em => {
    const from = await databaseSource(source, options.batchSize, em);
    const digests = new Map<string, TransferDigest>();
    await loadRecords(target, { ...from, records: meta => digestAlong(from.records(meta), digests, meta.className, digestOf(meta)) }, options);
    // In load order: each model's digest is made as its load starts, and loads start in that order (one lane or two).
    return { runId: from.runId, moved: [...digests].map(([model, digest]) => ({ model, count: digest.count, checksum: digest.digest() })) };
  });
  // The target's verification and the live source's second read are independent: both at once,
  // each database working while the other's rows are digested here. A source that tells when
  // anything else wrote to it (changeMarker) is read again only when something did.
  const liveSource = () => digestDatabase(source, options.batchSize, undefined, digestOf);
  const verifying = options.progress && { reporter: options.progress, expected: (model: string) => moved.find(m => m.model === model)?.count ?? 0 };
  const [inTarget, inSource] = await Promise.allSettled([
    verifyTarget(target, moved, onServer, { batchSize: options.batchSize, progress: verifying, digestOf }),
    before === undefined ? liveSource() : Promise.resolve(undefined),
  ]);
  if (inTarget.status === 'rejected') throw inTarget.reason;
  const rows = compareDigests(moved, inTarget.value);
  await forgetProgress(target, runId);
  if (!allMatch(rows)) return rows;
  if (inSource.status === 'rejected') throw inSource.reason;
  const unchanged = before !== undefined && before === (await changeMarker(source, models));
  if (!unchanged) assertSourceUnchanged(moved, inSource.value ?? (await liveSource()));
  return rows;
}

/** Refuses a move whose source changed after its snapshot was read: a switch would lose those rows. */
function assertSourceUnchanged(moved: ModelDigest[], live: ModelDigest[]): void {
  const changes: string[] = [];
  let rows = 0;
  for (const now of live) {
    const then = moved.find(m => m.model === now.model);
    if (!then || then.checksum === now.checksum) continue;
    const delta = now.count - then.count;
    rows += Math.max(Math.abs(delta), 1);
    const how = delta > 0 ? `${delta} rows more` : delta < 0 ? `${-delta} rows fewer` : 'rows changed, the same number of them';
    changes.push(`${now.model}: ${then.count} moved, ${now.count} in the source now (${how})`);
  }
  if (changes.length === 0) return;
  throw new FarmRuntimeError(`the source changed while its data was moved (at least ${rows} row${rows === 1 ? '' : 's'}):\n  ${changes.join('\n  ')}`, {
    hint: 'nothing in the project was changed; stop everything that writes to the source (the app, workers, cron jobs), then run the switch again with --replace',
  });
}

async function* digestAlong(
  batches: AsyncIterable<PortableRecord[]>,
  digests: Map<string, TransferDigest>,
  model: string,
  digest: TransferDigest,
): AsyncGenerator<PortableRecord[]> {
  digests.set(model, digest);
  for await (const batch of batches) {
    for (const record of batch) digest.add(record);
    yield batch;
  }
}

/** Checks a snapshot completely, loads it, then compares the database with the manifest. */
export async function importSnapshot(target: DatabaseManager, dir: string, options: LoadOptions): Promise<VerificationRow[]> {
  const snapshot = await openSnapshot(dir, target, options.batchSize);
  await loadRecords(target, snapshot, options);
  const expected = snapshot.manifest.models.map(m => ({ model: m.name, count: m.count, checksum: m.checksum }));
  const verifying = options.progress && { reporter: options.progress, expected: (model: string) => snapshot.total(model) };
  const rows = compareDigests(expected, await digestDatabase(target, options.batchSize, verifying));
  await forgetProgress(target, snapshot.runId);
  return rows;
}
