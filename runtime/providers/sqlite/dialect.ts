import type { StatementSync } from 'node:sqlite';
import type { NodeSqliteDialect } from '@mikro-orm/sql';
import { SqliteDriver, type SqliteDatabase, type SqliteStatement } from 'kysely';

type Params = readonly unknown[];

/**
 * MikroORM's NodeSqliteDialect, patched in place (its class identity is kept) to read integers
 * beyond ±2^53. node:sqlite refuses to turn one into a number (ERR_OUT_OF_RANGE), so a BIGINT
 * column holding one could be written but never read back. Here a SELECT that meets one runs
 * again reading integers as BigInt, and every integer that fits is a number again: the BIGINT
 * property gets its exact value (its MikroORM type maps it by mode), every other column is as
 * before. Only SELECTs run again: reading twice changes nothing. Otherwise the database is
 * opened and used as NodeSqliteDialect does.
 */
export function readingBigInts(dialect: NodeSqliteDialect, file: string): NodeSqliteDialect {
  dialect.createDriver = () => new SqliteDriver({ database: async () => openDatabase(file) });
  return dialect;
}

const READER = /^\s*(select|pragma|explain|with)/i;
const SELECT = /^\s*select\b/i;

function openDatabase(file: string): SqliteDatabase {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  const db = new DatabaseSync(file);
  return {
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      return {
        reader: READER.test(sql) || /\breturning\b/i.test(sql),
        all: params => readAll(statement, params, SELECT.test(sql)),
        run: params => statement.run(...(params as never[])) as never,
        // A stream cannot start over after rows went out: it reads BigInts from the start.
        iterate: params => (SELECT.test(sql) ? iterateExactly(statement, params) : statement.iterate(...(params as never[]))) as never,
      };
    },
    close() {
      db.close();
    },
  };
}

function readAll(statement: StatementSync, params: Params, rereadable: boolean): unknown[] {
  try {
    return statement.all(...(params as never[]));
  } catch (error) {
    if (!rereadable || (error as { code?: string }).code !== 'ERR_OUT_OF_RANGE') throw error;
    statement.setReadBigInts(true);
    try {
      return statement.all(...(params as never[])).map(numbersWhereSafe);
    } finally {
      statement.setReadBigInts(false);
    }
  }
}

function* iterateExactly(statement: StatementSync, params: Params): Generator<unknown> {
  statement.setReadBigInts(true);
  try {
    for (const row of statement.iterate(...(params as never[]))) yield numbersWhereSafe(row);
  } finally {
    statement.setReadBigInts(false);
  }
}

/** A row read with BigInts, with every integer a number fits turned back into a number. */
function numbersWhereSafe(row: unknown): unknown {
  const record = row as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) record[key] = Number(value);
  }
  return record;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
