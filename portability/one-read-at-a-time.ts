import type { TransferSource } from '../runtime/internal.ts';

/**
 * The source with its pages asked for one at a time, in the order asked: a move reads every model in one read
 * transaction, on one connection, and loads that store several models at once (TransferTarget.concurrentModels) would
 * otherwise ask for two pages on it at once, which not every driver queues (SQL Server's tedious refuses a request
 * while one is running).
 */
export function oneReadAtATime(source: TransferSource): TransferSource {
  let previous: Promise<unknown> = Promise.resolve();
  return {
    blocking: source.blocking,
    count: (meta, em) => source.count(meta, em),
    page(meta, request) {
      const page = previous.then(() => source.page(meta, request));
      previous = page.catch(() => undefined);
      return page;
    },
  };
}
