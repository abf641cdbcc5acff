import type { DatabaseManager } from '../../runtime/manager.ts';

/**
 * Counts, per model, the full reads of `db` through its transfer reader from now on: every read of a
 * model (a load, a verification's read back, a live re-read) starts with a page that has no `after`.
 */
export function countReads(db: DatabaseManager): Map<string, number> {
  const reads = new Map<string, number>();
  const reader = db.transferSource();
  const page = reader.page.bind(reader);
  reader.page = (meta, request) => {
    if (request.after === undefined) reads.set(meta.className, (reads.get(meta.className) ?? 0) + 1);
    return page(meta, request);
  };
  return reads;
}
