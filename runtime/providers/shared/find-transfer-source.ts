import type { MikroORM } from '@mikro-orm/core';
import { keysetQuery } from './keyset.ts';
import type { TransferSource } from '../transfer.ts';

/** Reading for transfers through MikroORM's driver, as every database but MySQL/MariaDB can. */
export function findTransferSource(orm: MikroORM): TransferSource {
  const driver = orm.em.getDriver();
  return {
    async page(meta, { after, limit, em }) {
      const { where, orderBy } = keysetQuery(meta, after);
      return (await driver.find(meta.class, where as never, { orderBy: orderBy as never, limit, ctx: em?.getTransactionContext() })) as Record<string, unknown>[];
    },
    count: (meta, em) => driver.count(meta.class, {}, { ctx: em?.getTransactionContext() }),
  };
}
