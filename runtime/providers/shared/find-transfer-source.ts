import type { EntityManager, EntityMetadata, MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { keysetQuery } from './keyset.ts';
import { leanRowMapper } from './lean-row-mapper.ts';
import type { PageRequest, TransferSource } from '../transfer.ts';

type Row = Record<string, unknown>;

/**
 * Reading for transfers through MikroORM, as every database but MySQL/MariaDB can: on SQL databases the query
 * builder's raw rows, mapped by leanRowMapper where the model allows it (otherwise by MikroORM's own mapper), on
 * others the driver's `find`.
 */
export function findTransferSource(orm: MikroORM): TransferSource {
  const driver = orm.em.getDriver();
  const sql = 'createQueryBuilder' in orm.em;
  return {
    async page(meta, request) {
      if (sql) return sqlPage(orm.em as unknown as SqlEntityManager, meta, request);
      const { where, orderBy } = keysetQuery(meta, request.after);
      return (await driver.find(meta.class, where as never, { orderBy: orderBy as never, limit: request.limit, ctx: request.em?.getTransactionContext() })) as Row[];
    },
    count: (meta, em) => driver.count(meta.class, {}, { ctx: em?.getTransactionContext() }),
  };
}

/**
 * One page of a SQL table in primary-key order, `columns` selected besides its own (`e0` is the table's alias),
 * in the read transaction when there is one.
 */
export async function sqlPage(
  em: SqlEntityManager,
  meta: EntityMetadata,
  { after, limit, em: inTransaction }: PageRequest,
  columns: unknown[] = [],
): Promise<Row[]> {
  const { where, orderBy } = keysetQuery(meta, after);
  const reader = (inTransaction as (EntityManager & SqlEntityManager) | undefined) ?? em;
  const qb = reader.createQueryBuilder(meta.class, 'e0').select(['*', ...columns] as never).where(where as never).orderBy(orderBy as never).limit(limit);
  const lean = leanRowMapper(meta, em.getPlatform());
  if (!lean) return (await qb.execute('all', true)) as Row[];
  return ((await qb.execute('all', false)) as Row[]).map(lean);
}
