import type { EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import type { TransferTarget } from '../runtime/internal.ts';
import { FarmRuntimeError } from '../runtime/index.ts';
import type { PortableRecord } from './codec.ts';
import { writeValue } from './embedded.ts';
import { modelsInLoadOrder, storedProperties } from './models.ts';
import type { ProgressReporter } from './progress.ts';
import { Prefetcher } from './prefetch.ts';

/** Where records come from: a snapshot's files or another database, model by model. */
export interface RecordSource {
  /** Identifies this transfer, so a re-run of the same one resumes. */
  runId: string;
  total(model: string): number;
  records(meta: EntityMetadata): AsyncIterable<PortableRecord[]>;
}

export interface LoadOptions {
  batchSize: number;
  /** Empty the target's models first when it holds rows of another transfer. */
  replace?: boolean;
  progress?: ProgressReporter;
  /** Told when an interrupted load cannot resume and starts over. */
  warn?: (message: string) => void;
}

/**
 * Loads every model into `target` in dependency order (several at once where the target allows: concurrentModels),
 * resuming after the last stored batch of an interrupted run of the same transfer. Creates the tables the models need first.
 * The progress stays recorded: the caller forgets it (forgetProgress) once the target is
 * verified, so a run killed while verifying is resumed (nothing left to load) and verified again.
 */
export async function loadRecords(target: DatabaseManager, source: RecordSource, options: LoadOptions): Promise<void> {
  const sink = target.transferTarget();
  await (sink.updateSchema ? sink.updateSchema() : target.orm.schema.update({ safe: true }));
  const models = modelsInLoadOrder(target.orm);
  const resumeFrom = await startingPoints(models, sink, source.runId, options);
  await sink.beforeLoad?.(models);
  /** One model's batches, from where an interrupted run stopped; gives up between batches once another model's load failed. */
  const loadModel = async (meta: EntityMetadata, stopped: () => boolean) => {
    const props = storedProperties(meta);
    const total = source.total(meta.className);
    let done = resumeFrom.get(meta.className)!;
    let skip = done;
    options.progress?.start(meta.className, total, done);
    const batches = new Prefetcher(source.records(meta));
    // A target that writes text (PostgreSQL's COPY) takes the records as they are: no Date made to be printed again.
    const portable = sink.takesPortable?.(meta) ?? false;
    try {
      for (let next = await batches.next(); !next.done; next = await batches.next()) {
        if (stopped()) return batches.close();
        const batch = next.value;
        const fresh = skip >= batch.length ? [] : batch.slice(skip);
        skip = Math.max(0, skip - batch.length);
        if (fresh.length === 0) continue;
        const rows = portable
          ? fresh
          : fresh.map(record => {
              const row: Record<string, unknown> = {};
              for (const prop of props) writeValue(row, record[prop.name], prop);
              return row;
            });
        done += rows.length;
        await sink.loadBatch(meta, rows, { runId: source.runId, model: meta.className, loadedAfter: done, sent: () => batches.prefetch() });
        options.progress?.advance(meta.className, done);
      }
    } catch (error) {
      await batches.close();
      throw error;
    }
    await sink.finishModel(meta);
    options.progress?.finish(meta.className);
  };
  let loaded = false;
  try {
    await inLanes(models, sink.concurrentModels ?? 1, loadModel);
    loaded = true;
  } finally {
    try {
      // After a failed load too; then the load's own error is the one that counts.
      const restored = sink.afterLoad?.(models);
      if (!loaded) await restored?.catch(() => undefined);
      else {
        // The rows are all in but break a constraint: a resume would find nothing left to load, so the next run starts over.
        await restored?.catch(async (error: unknown) => {
          await sink.finish(source.runId);
          throw error;
        });
      }
    } finally {
      options.progress?.stop();
    }
  }
}

/**
 * Runs `work` on every model, `lanes` at a time, each lane taking the next model in dependency order (one lane: strictly
 * in that order). When one fails, the others stop after their batch in flight, and the first failure is thrown once all
 * have settled: nothing is left writing to the target.
 */
async function inLanes(models: EntityMetadata[], lanes: number, work: (meta: EntityMetadata, stopped: () => boolean) => Promise<void>) {
  const queue = [...models];
  let failed = false;
  const stopped = () => failed;
  const lane = async () => {
    for (let meta = queue.shift(); meta && !failed; meta = queue.shift()) {
      try {
        await work(meta, stopped);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(lanes, models.length)) }, lane));
  const failure = settled.find(result => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Forgets a transfer's progress: its load is verified (or found unequal, which a resume would not change). */
export async function forgetProgress(target: DatabaseManager, runId: string): Promise<void> {
  await target.transferTarget().finish(runId);
}

/**
 * How many records of each model are stored already: what an interrupted run of this transfer
 * stored, when the tables still hold exactly that; otherwise 0 on a target made empty (refused
 * when it holds rows the caller did not ask to replace).
 */
async function startingPoints(models: EntityMetadata[], sink: TransferTarget, runId: string, options: LoadOptions): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  for (const meta of models) stored.set(meta.className, await sink.loaded(runId, meta.className));
  const fromZero = new Map(models.map(meta => [meta.className, 0]));
  if ([...stored.values()].some(n => n > 0)) {
    const unfit = await progressUnfit(models, stored, sink, options.batchSize);
    if (!unfit) return stored;
    // The tables no longer hold what the interrupted load stored: resuming would lose or double rows.
    options.warn?.(`the interrupted load cannot resume (${unfit}): starting the target clean`);
    for (const meta of [...models].reverse()) await sink.clear(meta);
    await sink.finish(runId);
    return fromZero;
  }
  const occupied: EntityMetadata[] = [];
  for (const meta of models) if ((await sink.count(meta)) > 0) occupied.push(meta);
  if (occupied.length > 0 && !options.replace) {
    throw new FarmRuntimeError(`the target database already holds ${occupied.map(meta => meta.className).join(', ')} rows`, {
      hint: 'load into an empty database, or pass --replace to delete those rows first',
    });
  }
  for (const meta of occupied.reverse()) await sink.clear(meta);
  return fromZero;
}

/**
 * Why the target's tables do not fit the progress an interrupted load recorded, if they do not:
 * a model holding fewer rows than were stored (rows deleted since), or more (rows added since;
 * where batches are not atomic, up to one batch more is the batch the crash cut in two).
 */
async function progressUnfit(models: EntityMetadata[], progress: Map<string, number>, sink: TransferTarget, batchSize: number): Promise<string | undefined> {
  for (const meta of models) {
    const stored = progress.get(meta.className)!;
    const count = await sink.count(meta);
    if (count < stored || count > stored + (sink.atomicBatches ? 0 : batchSize)) return `${meta.className}: ${stored} stored, ${count} in the table`;
  }
  return undefined;
}
