import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import { DatabaseTable, type AbstractSqlDriver } from '@mikro-orm/sql';
import { TRANSFER_PROGRESS_TABLE as PROGRESS_TABLE, type TransferTarget } from '../transfer.ts';

/**
 * Bulk loading for SQL databases: each batch is one multi-row INSERT in a transaction that also
 * moves the progress row, so after a crash the progress says exactly what is stored.
 */
const key = (runId: string, model: string) => `${runId}:${model}`;

/**
 * The statement that moves a transfer's progress row, for the bulk paths that store a batch on a
 * connection of their own (PostgreSQL COPY, SQLite prepared statements): both know ON CONFLICT.
 * `placeholders` are the driver's two parameters (id, loaded).
 */
export function upsertProgressSql(quote: (name: string) => string, placeholders: [string, string]): string {
  const [id, loaded] = [quote('id'), quote('loaded')];
  return `insert into ${quote(PROGRESS_TABLE)} (${id}, ${loaded}) values (${placeholders.join(', ')}) on conflict (${id}) do update set ${loaded} = excluded.${loaded}`;
}

export function sqlTransferTarget(orm: MikroORM, options: { afterModel?: (meta: EntityMetadata, orm: MikroORM) => Promise<void> } = {}): TransferTarget {
  const driver = orm.driver as unknown as AbstractSqlDriver;
  const connection = driver.getConnection();
  const platform = driver.getPlatform();
  const q = (name: string) => platform.quoteIdentifier(name);
  let ensured = false;
  const ensureTable = async () => {
    if (ensured) return;
    const helper = platform.getSchemaHelper()!;
    if (!(await helper.tableExists(connection, PROGRESS_TABLE, undefined))) {
      const table = new DatabaseTable(platform, PROGRESS_TABLE);
      const varchar = platform.getVarcharTypeDeclarationSQL({ length: 191 });
      // One key column (run and model): SQLite's DDL from MikroORM takes a single-column key only.
      table.addColumn({ name: 'id', type: varchar, mappedType: platform.getMappedType('string'), primary: true });
      // The key must be a real constraint: PostgreSQL's COPY path upserts on it.
      table.setIndexes([{ columnNames: ['id'], keyName: `${PROGRESS_TABLE}_pkey`, unique: true, constraint: true, primary: true }]);
      table.addColumn({ name: 'loaded', type: platform.getBigIntTypeDeclarationSQL({}), mappedType: platform.getMappedType('number') });
      await connection.execute(helper.createTable(table).join(';\n'), [], 'run');
    }
    ensured = true;
  };
  return {
    atomicBatches: true,
    async loaded(runId, model) {
      await ensureTable();
      const rows = (await connection.execute(`select ${q('loaded')} from ${q(PROGRESS_TABLE)} where ${q('id')} = ?`, [key(runId, model)])) as { loaded: number | string }[];
      return rows.length ? Number(rows[0]!.loaded) : 0;
    },
    async loadBatch(meta, rows, { runId, model, loadedAfter, sent }) {
      await ensureTable();
      // The source reads the next batch while this one is stored (it overlaps when the source is async).
      sent?.();
      await connection.transactional(async trx => {
        if (rows.length) await driver.nativeInsertMany(meta.class, rows as never, { ctx: trx });
        const updated = (await connection.execute(`update ${q(PROGRESS_TABLE)} set ${q('loaded')} = ? where ${q('id')} = ?`, [loadedAfter, key(runId, model)], 'run', trx)) as {
          affectedRows?: number;
        };
        if (!updated.affectedRows) {
          await connection.execute(`insert into ${q(PROGRESS_TABLE)} (${q('id')}, ${q('loaded')}) values (?, ?)`, [key(runId, model), loadedAfter], 'run', trx);
        }
      });
    },
    async finishModel(meta) {
      await options.afterModel?.(meta, orm);
    },
    async count(meta: EntityMetadata) {
      return driver.count(meta.class, {});
    },
    async clear(meta) {
      await driver.nativeDelete(meta.class, {});
    },
    async finish(runId) {
      await ensureTable();
      await connection.execute(`delete from ${q(PROGRESS_TABLE)} where ${q('id')} like ?`, [`${runId}:%`], 'run');
    },
  };
}
