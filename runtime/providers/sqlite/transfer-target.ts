import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import type { TransferTarget } from '../transfer.ts';
import { upsertProgressSql } from '../shared/sql-transfer.ts';

type SqlValue = null | number | bigint | string | Uint8Array;

/**
 * SQLite's bulk path: a prepared INSERT run once per row, in one BEGIN IMMEDIATE transaction per
 * batch together with its progress row. MikroORM's NodeSqliteDialect prepares every statement it
 * runs and keeps none, so this uses a node:sqlite connection of its own on the same file (the
 * ORM's connection is idle while a transfer loads; SQLite's file lock orders the two). Rows are
 * mapped to columns and values by MikroORM itself (`mapDataToFieldNames`, custom types
 * converted); an in-memory database, which a second connection cannot share, keeps `fallback`.
 */
export function sqliteTransferTarget(orm: MikroORM, file: string, busyTimeoutMs: number, fallback: TransferTarget): TransferTarget {
  if (file === ':memory:') return fallback;
  // MikroORM's own mapping of a row to its columns (embedded fields, join columns, custom types).
  const driver = orm.em.getDriver() as unknown as { mapDataToFieldNames(data: object, stringifyJson: boolean, properties: object, convertCustomTypes: boolean): Record<string, unknown> };
  const platform = orm.em.getPlatform();
  const q = (name: string) => platform.quoteIdentifier(name);
  let connection: DatabaseSync | undefined;
  const statements = new Map<string, StatementSync>();
  const open = () => {
    if (!connection) {
      const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
      connection = new DatabaseSync(file, { timeout: busyTimeoutMs });
      connection.exec('pragma foreign_keys = on'); // as MikroORM's own connection has it
    }
    return connection;
  };
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = open().prepare(sql)));
    return statement;
  };
  const close = () => {
    statements.clear();
    connection?.close();
    connection = undefined;
  };
  const table = (meta: EntityMetadata) => (meta.schema ? `${q(meta.schema)}.${q(meta.tableName)}` : q(meta.tableName));
  return {
    ...fallback,
    async loadBatch(meta, rows, progress) {
      if (rows.length === 0) return fallback.loadBatch(meta, rows, progress);
      // Let an asynchronous source send its next query before the inserts below hold the thread.
      progress.sent?.();
      await new Promise(setImmediate);
      const mapped = rows.map(row => driver.mapDataToFieldNames(row, true, meta.properties, true));
      const columns = [...new Set(mapped.flatMap(row => Object.keys(row)))];
      const insert = prepared(`insert into ${table(meta)} (${columns.map(q).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      const saveProgress = prepared(upsertProgressSql(q, ['?', '?']));
      const db = open();
      db.exec('begin immediate');
      try {
        for (const row of mapped) insert.run(...columns.map(column => bindable(row[column])));
        saveProgress.run(`${progress.runId}:${progress.model}`, progress.loadedAfter);
        db.exec('commit');
      } catch (error) {
        if (db.isTransaction) db.exec('rollback');
        close();
        throw error;
      }
    },
    async finish(runId) {
      close();
      await fallback.finish(runId);
    },
  };
}

/** A value as node:sqlite binds it, stored as MikroORM stores it on SQLite (dates as epoch milliseconds, booleans as 0/1). */
function bindable(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}
