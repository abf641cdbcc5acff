import {
  Kysely,
  Transaction,
  type CompiledQuery,
  type ConnectionProvider,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type KyselyProps,
  type QueryResult,
} from 'kysely';
import type { EntityManager, EntitySchemaWithMeta, LogContext } from '@mikro-orm/core';
import type { InferClassEntityDB, InferKyselyDB } from '@mikro-orm/sql';
import { FarmRuntimeError } from './errors.ts';

/**
 * The Kysely database type of a set of models (`typeof Author | typeof Book`): table and column names
 * as they are in the database (snake_case by default), values as the driver returns them.
 */
export type FastLaneDatabase<M> = InferKyselyDB<Extract<M, EntitySchemaWithMeta>> & InferClassEntityDB<M>;

/** The fast lane's Kysely: inside `db.transaction()` it is that transaction's, so Kysely's own transactions are refused. */
// biome-ignore lint: untyped unless the models are known, as Kysely itself is.
export type FastLane<DB = any> = Kysely<DB>;

// The parts of MikroORM's SQL connection the fast lane uses.
interface SqlConnection {
  getClient(): Kysely<unknown>;
  logQuery(query: string, context?: LogContext): void;
}

interface SqlEntityManager {
  getKysely(): Kysely<unknown>;
  getConnection(): SqlConnection;
  getTransactionContext(): unknown;
}

const NOT_HERE = {
  hint: 'run the queries inside db.transaction(async () => { await db.kysely... }); db.shutdown() closes the pool',
};

/**
 * MikroORM's Kysely on the same pool and, inside a transaction, the same transaction; every query it
 * runs is logged through MikroORM's connection, so the QueryMonitor (and whatever listens to the ORM
 * logger) sees it as it sees the ORM's own queries: counts, latency, slow-query log, failures.
 */
export class FastLanes {
  #pool?: Kysely<unknown>;
  // One wrapped instance per MikroORM transaction (Kysely's Transaction object), made on first use.
  readonly #transactions = new WeakMap<object, Kysely<unknown>>();

  /** The fast lane for `em`: bound to its transaction when it is in one, else to the pool. */
  for(em: EntityManager): Kysely<unknown> {
    const sql = em as unknown as SqlEntityManager;
    if (typeof sql.getKysely !== 'function') {
      throw new FarmRuntimeError('db.kysely is SQL-only: this database has no SQL query builder', {
        hint: 'use db.em (MikroORM) on MongoDB; the fast lane is for PostgreSQL, MySQL/MariaDB, SQLite and SQL Server',
      });
    }
    const transaction = sql.getTransactionContext() as Kysely<unknown> | undefined;
    if (transaction) {
      let lane = this.#transactions.get(transaction);
      if (!lane) this.#transactions.set(transaction, (lane = monitored(transaction, sql.getConnection(), true)));
      return lane;
    }
    this.#pool ??= monitored(sql.getConnection().getClient(), sql.getConnection(), false);
    return this.#pool;
  }
}

function monitored(kysely: Kysely<unknown>, connection: SqlConnection, inTransaction: boolean): Kysely<unknown> {
  const inner = kysely.getExecutor();
  const provider: ConnectionProvider = {
    provideConnection: (consumer, options) => inner.provideConnection(raw => consumer(new MonitoredConnection(raw, connection)), options),
  };
  const props: KyselyProps = { config: { dialect: refusingDialect }, dialect: refusingDialect, driver: refusingDriver, executor: inner.withConnectionProvider(provider) };
  // A Transaction refuses .transaction()/.connection() itself; on the pool the driver refuses them.
  return inTransaction ? new Transaction(props) : new Kysely(props);
}

/** Times each statement and logs it the way MikroORM logs its own (Connection.logQuery). */
class MonitoredConnection implements DatabaseConnection {
  readonly #raw: DatabaseConnection;
  readonly #connection: SqlConnection;
  readonly cancelQuery?: DatabaseConnection['cancelQuery'];
  readonly killSession?: DatabaseConnection['killSession'];
  readonly collectSessionInfo?: DatabaseConnection['collectSessionInfo'];

  constructor(raw: DatabaseConnection, connection: SqlConnection) {
    this.#raw = raw;
    this.#connection = connection;
    // Kysely's query cancellation looks for these on the connection.
    if (raw.cancelQuery) this.cancelQuery = raw.cancelQuery.bind(raw);
    if (raw.killSession) this.killSession = raw.killSession.bind(raw);
    if (raw.collectSessionInfo) this.collectSessionInfo = raw.collectSessionInfo.bind(raw);
  }

  async executeQuery<R>(query: CompiledQuery, options?: Parameters<DatabaseConnection['executeQuery']>[1]): Promise<QueryResult<R>> {
    const started = performance.now();
    try {
      const result = await this.#raw.executeQuery<R>(query, options);
      this.#log(query, { took: performance.now() - started, results: result.rows.length, affected: affected(result) });
      return result;
    } catch (error) {
      this.#log(query, { took: performance.now() - started, level: 'error' });
      throw error;
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: Parameters<DatabaseConnection['streamQuery']>[2]) {
    const started = performance.now();
    let results = 0;
    try {
      for await (const chunk of this.#raw.streamQuery<R>(query, chunkSize, options)) {
        results += chunk.rows.length;
        yield chunk;
      }
      this.#log(query, { took: performance.now() - started, results });
    } catch (error) {
      this.#log(query, { took: performance.now() - started, level: 'error' });
      throw error;
    }
  }

  #log(query: CompiledQuery, context: LogContext): void {
    this.#connection.logQuery(query.sql, { ...context, params: query.parameters as unknown[] });
  }
}

function affected(result: QueryResult<unknown>): number | undefined {
  return result.numAffectedRows === undefined ? undefined : Number(result.numAffectedRows);
}

const refuse = (what: string) => async (): Promise<never> => {
  throw new FarmRuntimeError(`db.kysely cannot ${what}: farm-db runs the transactions and owns the pool`, NOT_HERE);
};

const refusingDriver: Driver = {
  init: async () => undefined,
  acquireConnection: refuse('open a connection or transaction of its own'),
  beginTransaction: refuse('begin a transaction of its own'),
  commitTransaction: refuse('commit'),
  rollbackTransaction: refuse('roll back'),
  releaseConnection: async () => undefined,
  destroy: refuse('close the pool'),
};

const refusingDialect: Dialect = {
  createDriver: () => refusingDriver,
  createQueryCompiler: () => {
    throw new FarmRuntimeError('db.kysely has no dialect of its own', NOT_HERE);
  },
  createAdapter: () => {
    throw new FarmRuntimeError('db.kysely has no dialect of its own', NOT_HERE);
  },
  createIntrospector: () => {
    throw new FarmRuntimeError('db.kysely cannot introspect the schema', { hint: 'use db.orm.schema or MikroORM metadata' });
  },
};
