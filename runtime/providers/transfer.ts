import type { EntityMetadata } from '@mikro-orm/core';

/** Where transfers keep their progress (a table, or a collection on MongoDB). */
export const TRANSFER_PROGRESS_TABLE = 'farm_transfer_progress';

/**
 * How a database takes in bulk data (imports, provider switches). Each provider loads a batch
 * its fastest safe way and records how far a transfer got with it, so an interrupted one
 * resumes after the last batch that was stored.
 */
export interface TransferTarget {
  /** Records of `model` already stored by transfer `runId` (0 when it never started). */
  loaded(runId: string, model: string): Promise<number>;
  /** Stores `rows` (the driver's property names and values) and moves the count to `loadedAfter`. */
  loadBatch(meta: EntityMetadata, rows: Record<string, unknown>[], progress: { runId: string; model: string; loadedAfter: number }): Promise<void>;
  /** After a model is loaded: where explicit keys bypassed a sequence, move the sequence past them. */
  finishModel(meta: EntityMetadata): Promise<void>;
  /** Rows of a model in the target now. */
  count(meta: EntityMetadata): Promise<number>;
  /** Empties a model (for a transfer that starts over). */
  clear(meta: EntityMetadata): Promise<void>;
  /** Forgets a finished transfer's progress. */
  finish(runId: string): Promise<void>;
}
