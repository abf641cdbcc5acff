import type { DatabaseConnection, Dialect, Driver } from 'kysely';

/**
 * node:sqlite has one connection that Kysely hands out under a mutex, so there is no pool
 * object to read. This counts the real acquire/release calls on that driver instead:
 * `busy` holds the connection, `waiting` are blocked on the mutex.
 */
export class ConnectionCounter {
  open = false;
  #busy = 0;
  #waiting = 0;

  stats(): { idle: number; busy: number; waiting: number } {
    return { idle: this.open && this.#busy === 0 ? 1 : 0, busy: this.#busy, waiting: this.#waiting };
  }

  wrap(driver: Driver): Driver {
    return {
      init: async options => {
        await driver.init(options);
        this.open = true;
      },
      acquireConnection: async options => {
        this.#waiting++;
        let connection: DatabaseConnection;
        try {
          connection = await driver.acquireConnection(options);
        } finally {
          this.#waiting--;
        }
        this.#busy++;
        return connection;
      },
      releaseConnection: async (connection, options) => {
        try {
          await driver.releaseConnection(connection, options);
        } finally {
          this.#busy--;
        }
      },
      beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
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
export function countingDialect<D extends Dialect>(dialect: D): { dialect: D; counter: ConnectionCounter } {
  const counter = new ConnectionCounter();
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => counter.wrap(createDriver());
  return { dialect, counter };
}
