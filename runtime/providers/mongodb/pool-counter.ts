import type { MongoClient } from 'mongodb';
import type { PoolStats } from '../provider.ts';

/**
 * The MongoDB driver does not expose its pool's counts, but it announces every pool
 * change through the CMAP monitoring events; this keeps the tally from them.
 */
export class MongoPoolCounter {
  #open = 0;
  #checkedOut = 0;
  #waiting = 0;
  readonly #max: number;

  constructor(client: MongoClient, options: { maxPoolSize: number }) {
    this.#max = options.maxPoolSize;
    client.on('connectionCreated', () => this.#open++);
    client.on('connectionClosed', () => this.#open--);
    client.on('connectionCheckOutStarted', () => this.#waiting++);
    client.on('connectionCheckOutFailed', () => this.#waiting--);
    client.on('connectionCheckedOut', () => {
      this.#waiting--;
      this.#checkedOut++;
    });
    client.on('connectionCheckedIn', () => this.#checkedOut--);
  }

  stats(): PoolStats {
    return {
      max: this.#max,
      size: this.#open,
      idle: Math.max(0, this.#open - this.#checkedOut),
      busy: this.#checkedOut,
      waiting: this.#waiting,
    };
  }
}
