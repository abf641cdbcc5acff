import { TableNotFoundException, type EntityManager, type EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import { FarmRuntimeError } from '../runtime/index.ts';

/**
 * Rows of a model in a database about to be read (exported or moved). A model whose table was
 * never made (no migration run yet) is an error that says so, not the driver's stack trace.
 */
export async function countRows(db: DatabaseManager, meta: EntityMetadata, em?: EntityManager): Promise<number> {
  try {
    return await db.transferSource().count(meta, em);
  } catch (error) {
    if (!(error instanceof TableNotFoundException)) throw error;
    throw new FarmRuntimeError(`the database has no table for ${meta.className} (${meta.tableName}), so there is nothing to read`, {
      hint: 'make the schema first: farm db migrate (or start the app once with schema: "update"); nothing was written',
    });
  }
}
