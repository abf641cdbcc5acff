import type { EntityMetadata } from '@mikro-orm/core';

/**
 * The filter and order of one page of a model's rows in primary-key order: the rows whose key
 * comes after `after` (keyset pagination). Every page costs the same, however deep into the
 * table: an OFFSET would read and drop all the rows before it, page after page.
 */
export function keysetQuery(meta: EntityMetadata, after: Record<string, unknown> | undefined): { where: object; orderBy: Record<string, 'asc'> } {
  const keys = meta.primaryKeys as string[];
  return {
    where: after ? greaterThan(keys, after) : {},
    orderBy: Object.fromEntries(keys.map(key => [key, 'asc'] as const)),
  };
}

// (k1, k2, …) > (x1, x2, …) written as k1 >= x1 AND (k1 > x1 OR (k2, …) > (x2, …)): the first
// condition alone bounds the index scan, which a plain OR of the cases does not on every database.
function greaterThan([key, ...rest]: string[], after: Record<string, unknown>): object {
  if (rest.length === 0) return { [key!]: { $gt: after[key!] } };
  return { [key!]: { $gte: after[key!] }, $or: [{ [key!]: { $gt: after[key!] } }, greaterThan(rest, after)] };
}
