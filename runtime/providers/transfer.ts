import type { EntityManager, EntityMetadata, EntityProperty } from '@mikro-orm/core';

/** Where transfers keep their progress (a table, or a collection on MongoDB). */
export const TRANSFER_PROGRESS_TABLE = 'farm_transfer_progress';

export interface BatchProgress {
  runId: string;
  model: string;
  loadedAfter: number;
  /**
   * To call once the batch has left for the database and the target only waits for it: the
   * caller then reads the next batch from the source meanwhile.
   */
  sent?: () => void;
}

/**
 * How a database takes in bulk data (imports, provider switches). Each provider loads a batch
 * its fastest safe way and records how far a transfer got with it, so an interrupted one
 * resumes after the last batch that was stored.
 */
export interface TransferTarget {
  /** Whether each batch and its progress are stored together (one transaction), so a table holds exactly the progress's count. */
  readonly atomicBatches: boolean;
  /** Records of `model` already stored by transfer `runId` (0 when it never started). */
  loaded(runId: string, model: string): Promise<number>;
  /**
   * Stores `rows` and moves the count to `loadedAfter`. Rows hold the driver's property names and values, or, for
   * a model the target `takesPortable`, the records as they travel (dates as ISO strings, big integers and
   * decimals as strings, binary as `{ $base64 }`), which a text bulk path writes out as they are.
   */
  loadBatch(meta: EntityMetadata, rows: Record<string, unknown>[], progress: BatchProgress): Promise<void>;
  takesPortable?(meta: EntityMetadata): boolean;
  /** After a model is loaded: where explicit keys bypassed a sequence, move the sequence past them. */
  finishModel(meta: EntityMetadata): Promise<void>;
  /** Rows of a model in the target now. */
  count(meta: EntityMetadata): Promise<number>;
  /** Empties a model (for a transfer that starts over). */
  clear(meta: EntityMetadata): Promise<void>;
  /** Forgets a finished transfer's progress. */
  finish(runId: string): Promise<void>;
  /**
   * Before the first batch of a load into `models`' tables, and after the last: where checking each
   * row as it arrives costs more than checking them all at the end (PostgreSQL's foreign keys), the
   * target sets that check aside and puts it back, and runs it, in `afterLoad`. `afterLoad` also runs
   * after a load that failed, so the tables are never left without their constraints by an error.
   */
  beforeLoad?(models: EntityMetadata[]): Promise<void>;
  afterLoad?(models: EntityMetadata[]): Promise<void>;
  /** Makes or updates the models' tables before a load (default: MikroORM's safe schema update). */
  updateSchema?(): Promise<void>;
  /**
   * How many models a load may store at once, each on a connection of its own (default 1: one after another, in
   * dependency order). More only where no row is checked against another model's during the load.
   */
  readonly concurrentModels?: number;
}

/** One page of a model's rows in primary-key order: the first page, or the rows after `after`. */
export interface PageRequest {
  /** The primary key values of the previous page's last row, as the source returned them. */
  after?: Record<string, unknown>;
  limit: number;
  /** The read transaction every page of one transfer is read in (see readConsistently), when there is one. */
  em?: EntityManager;
}

/**
 * How a database is read for a transfer (exports, provider switches, verification): rows with
 * the driver's property names and values, as `driver.find` gives them, but exact. A provider
 * whose usual reads lose something (MySQL/MariaDB print doubles with too few digits) has its own.
 */
export interface TransferSource {
  page(meta: EntityMetadata, request: PageRequest): Promise<Record<string, unknown>[]>;
  /**
   * Whether a read holds up the process until its rows are in (node:sqlite answers synchronously). A load reads
   * such a source only while the target works on a batch; any other source it asks for a page ahead, so the source
   * database finds the next rows while this process digests and sends these.
   */
  readonly blocking?: boolean;
  /** Records of a model in the database now (in the read transaction `em`, when given). */
  count(meta: EntityMetadata, em?: EntityManager): Promise<number>;
}

/**
 * A many-to-many relation that a database keeps inside its owner's records (MongoDB: an array
 * of references in the owning document) instead of a pivot table. Transfers carry it as the
 * rows that pivot table would hold (`ownerKey`, `targetKey`), so it moves between both kinds of
 * database; the database that keeps arrays reads and writes these rows through its owner.
 */
export interface LinkModel {
  /** The model whose records hold the array. */
  owner: EntityMetadata;
  /** The owning many-to-many property (the array). */
  property: EntityProperty;
  /** The pivot row's property naming the owner record. */
  ownerKey: string;
  /** The pivot row's property naming the referenced record. */
  targetKey: string;
}

const links = new WeakMap<EntityMetadata, LinkModel>();

/** Marks `meta` as the pivot-shaped view of a relation kept as an array. */
export function defineLinkModel(meta: EntityMetadata, link: LinkModel): EntityMetadata {
  links.set(meta, link);
  return meta;
}

/** The relation `meta` stands for, when it is a pivot-shaped view of an array (see LinkModel). */
export function linkOf(meta: EntityMetadata): LinkModel | undefined {
  return links.get(meta);
}
