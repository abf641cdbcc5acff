import { createHash } from 'node:crypto';
import type { DatabaseManager } from '../runtime/manager.ts';
import { forgetProgress, loadRecords, type LoadOptions, type RecordSource } from './load.ts';
import { modelsInLoadOrder, untransferable } from './models.ts';
import { FarmRuntimeError } from '../runtime/errors.ts';
import { readRecords } from './read.ts';
import { countRows } from './count.ts';
import { openSnapshot } from './snapshot.ts';
import { compareDigests, digestDatabase, type VerificationRow } from './verify.ts';
import { RecordDigest } from './checksum.ts';
import type { PortableRecord } from './codec.ts';

/** Another database as a record source. It is only read. */
export async function databaseSource(source: DatabaseManager, batchSize: number): Promise<RecordSource> {
  const byName = new Map(modelsInLoadOrder(source.orm).map(meta => [meta.className, meta]));
  const totals = new Map<string, number>();
  for (const [name, meta] of byName) totals.set(name, await countRows(source, meta));
  const identity = JSON.stringify({ type: source.config.type, url: source.config.url, host: source.config.host, db: source.config.dbName, models: [...byName.keys()] });
  return {
    runId: `switch:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`,
    total: model => totals.get(model) ?? 0,
    records: meta => readRecords(source, byName.get(meta.className)!, batchSize),
  };
}

/**
 * Moves every model's records from `source` to `target` (resuming an interrupted move), then
 * compares counts and checksums on both sides. The source's side is taken from the records as
 * they stream past (a resumed load still reads the ones it skips), so the source is read once.
 */
export async function transferDatabase(source: DatabaseManager, target: DatabaseManager, options: LoadOptions): Promise<VerificationRow[]> {
  const differences = untransferable(source.orm, target.orm);
  if (differences.length > 0) {
    throw new FarmRuntimeError(`some records could not be moved: ${differences.join('; ')}`, {
      hint: 'nothing was moved; register the same models on both sides',
    });
  }
  const from = await databaseSource(source, options.batchSize);
  const digests = new Map<string, RecordDigest>();
  await loadRecords(target, { ...from, records: meta => digestAlong(from.records(meta), digests, meta.className) }, options);
  const sourceDigests = [...digests].map(([model, digest]) => ({ model, count: digest.count, checksum: digest.digest() }));
  const verifying = options.progress && { reporter: options.progress, expected: (model: string) => digests.get(model)?.count ?? 0 };
  const rows = compareDigests(sourceDigests, await digestDatabase(target, options.batchSize, verifying));
  await forgetProgress(target, from.runId);
  return rows;
}

async function* digestAlong(batches: AsyncIterable<PortableRecord[]>, digests: Map<string, RecordDigest>, model: string): AsyncGenerator<PortableRecord[]> {
  const digest = new RecordDigest();
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
