import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import { FarmRuntimeError } from '../../errors.ts';

/**
 * node:sqlite has one connection, and Kysely serialises its users with a mutex it keeps
 * out of sight. To report real `busy` and `waiting` figures this wrapper takes that job:
 * the adapter says it needs no mutex, and the driver below queues acquirers itself (FIFO),
 * counting them as it goes.
 */
export class ConnectionCounter {
  open = false;
  #busy = 0;
  #locked = false;
  readonly #queue: (() => void)[] = [];
  readonly #acquireTimeoutMs: number;
  readonly #configured = new WeakSet<DatabaseConnection>();

  constructor(acquireTimeoutMs: number) {
    this.#acquireTimeoutMs = acquireTimeoutMs;
  }

  /** How long a query waits for the SQLite file lock (its busy_timeout), in ms. */
  get busyTimeoutMs(): number {
    return this.#acquireTimeoutMs;
  }

  stats(): { idle: number; busy: number; waiting: number } {
    return { idle: this.open && this.#busy === 0 ? 1 : 0, busy: this.#busy, waiting: this.#queue.length };
  }

  async #lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#queue.push(waiter);
      // With one connection, a query made outside a running transaction would wait forever.
      timer = setTimeout(() => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(
          new FarmRuntimeError(`waited ${this.#acquireTimeoutMs} ms for the SQLite connection`, {
            hint: 'SQLite has one connection: inside db.transaction(), run queries through the em it passes you, not through another EntityManager; or raise database.pool.acquireTimeoutMs',
          }),
        );
      }, this.#acquireTimeoutMs);
    });
  }

  #unlock(): void {
    const next = this.#queue.shift();
    if (next) next(); // the lock passes straight to the next waiter
    else this.#locked = false;
  }

  wrap(driver: Driver): Driver {
    return {
      init: async options => {
        await driver.init(options);
        this.open = true;
      },
      acquireConnection: async options => {
        await this.#lock();
        let connection: DatabaseConnection;
        try {
          connection = await driver.acquireConnection(options);
        } catch (error) {
          this.#unlock();
          throw error;
        }
        this.#busy++;
        if (!this.#configured.has(connection)) {
          // Another process writing: wait for it (up to acquireTimeoutMs) rather than fail at once.
          await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${this.#acquireTimeoutMs}`));
          this.#configured.add(connection);
        }
        return connection;
      },
      releaseConnection: async (connection, options) => {
        try {
          await driver.releaseConnection(connection, options);
        } finally {
          this.#busy--;
          this.#unlock();
        }
      },
      // IMMEDIATE takes the write lock at the start, so two processes sharing the file queue up
      // (for busy_timeout) instead of one failing with SQLITE_BUSY when it upgrades a read lock.
      beginTransaction: async connection => {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      },
      commitTransaction: connection => driver.commitTransaction(connection),
      rollbackTransaction: connection => driver.rollbackTransaction(connection),
      savepoint: driver.savepoint?.bind(driver),
      rollbackToSavepoint: driver.rollbackToSavepoint?.bind(driver),
      releaseSavepoint: driver.releaseSavepoint?.bind(driver),
      destroy: async options => {
        await driver.destroy(options);
        this.open = false;
      },
    };
  }
}

/** Patches the dialect in place (its class identity is kept) so its driver is counted. */
export function countingDialect<D extends Dialect>(dialect: D, acquireTimeoutMs: number): { dialect: D; counter: ConnectionCounter } {
  const counter = new ConnectionCounter(acquireTimeoutMs);
  const createDriver = dialect.createDriver.bind(dialect);
  const createAdapter = dialect.createAdapter.bind(dialect);
  dialect.createDriver = () => counter.wrap(createDriver());
  dialect.createAdapter = () => {
    const adapter = createAdapter();
    // The counter serialises access now; Kysely's own mutex would hide the queue from it.
    Object.defineProperty(adapter, 'supportsMultipleConnections', { value: true });
    return adapter;
  };
  return { dialect, counter };
}
