import type { MikroORM } from '@mikro-orm/core';
import type { TransferSource } from './transfer.ts';

/** Reading for transfers through MikroORM's driver, as every database but MySQL/MariaDB can. */
export function findTransferSource(orm: MikroORM): TransferSource {
  const driver = orm.em.getDriver();
  return {
    async page(meta, { where, orderBy, limit, offset }) {
      return (await driver.find(meta.class, where as never, { orderBy: orderBy as never, limit, ...(offset === undefined ? {} : { offset }) })) as Record<string, unknown>[];
    },
    count: meta => driver.count(meta.class, {}),
  };
}
