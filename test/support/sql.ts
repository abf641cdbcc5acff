import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';

/** Runs raw SQL through `em`, inside its transaction when it has one. */
export function sql(em: EntityManager, query: string): Promise<unknown> {
  return (em as unknown as SqlEntityManager).execute(query);
}
