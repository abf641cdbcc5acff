import { raw, type EntityMetadata, type MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { findTransferSource, sqlPage } from '../shared/find-transfer-source.ts';
import type { TransferSource } from '../transfer.ts';

const FLOATING = /^(double|float|real)\b/i;

/**
 * MySQL and MariaDB send DOUBLE and FLOAT values as text, and MariaDB prints some with a digit
 * too few (90.28571428571429 arrives as 90.28571428571428): moved like that, a value would
 * change by its last bit. CAST(… AS CHAR) prints every digit, so a transfer selects the row
 * and, over its floating columns, their exact text (the codec turns it back into a number).
 */
export function mysqlTransferSource(orm: MikroORM): TransferSource {
  const em = orm.em as unknown as SqlEntityManager;
  const platform = orm.em.getPlatform();
  const exactColumns = new Map<EntityMetadata, ReturnType<typeof raw>[]>();
  const exactColumnsOf = (meta: EntityMetadata) => {
    let columns = exactColumns.get(meta);
    if (!columns) {
      columns = meta.props
        .filter(prop => prop.persist !== false && !prop.formula && prop.fieldNames?.length === 1 && FLOATING.test(String(prop.columnTypes?.[0] ?? '')))
        .map(prop => {
          const column = platform.quoteIdentifier(prop.fieldNames[0]!);
          return raw(`cast(${platform.quoteIdentifier('e0')}.${column} as char) as ${column}`);
        });
      exactColumns.set(meta, columns);
    }
    return columns;
  };
  return {
    // Later columns of the same name win in mysql2's row objects: the exact text replaces the double.
    page: (meta, request) => sqlPage(em, meta, request, exactColumnsOf(meta)),
    // Counting has nothing to lose: MikroORM's own.
    count: findTransferSource(orm).count,
  };
}
