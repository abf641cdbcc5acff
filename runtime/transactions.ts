import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionPropagation, type EntityManager, type IsolationLevel } from '@mikro-orm/core';

export interface TransactionOptions {
  /** Only for the outermost transaction; a nested one runs at its parent's level. */
  isolationLevel?: IsolationLevel | `${IsolationLevel}`;
  /**
   * What a `transaction()` started inside another one does:
   * - 'savepoint' (default): runs in a savepoint, so a throw undoes only its own work
   *   and the outer transaction can catch it and go on;
   * - 'join': runs in the outer transaction itself, so its writes commit or roll back with it.
   */
  nested?: 'savepoint' | 'join';
}

/**
 * Runs transactions for the manager: knows the transaction the caller is in (through
 * AsyncLocalStorage, so nesting works across awaits without passing the EntityManager
 * down) and keeps the outermost ones in flight so shutdown can wait for them.
 */
export class TransactionRunner {
  readonly #current = new AsyncLocalStorage<EntityManager>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #pinned?: EntityManager;

  /** The EntityManager of the transaction the caller is in, if any (else the pinned one). */
  current(): EntityManager | undefined {
    return this.#current.getStore() ?? this.#pinned;
  }

  /** Makes `em` (already in a transaction) the outer transaction of every caller until unpinned: farm-db/testing's rollbackEach. */
  pin(em: EntityManager | undefined): void {
    this.#pinned = em;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  run<T>(root: EntityManager, fn: (em: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const inside = (em: EntityManager) => this.#current.run(em, () => fn(em));
    const outer = this.current();
    if (outer) {
      if (options.nested === 'join') return inside(outer);
      return outer.transactional(inside, { propagation: TransactionPropagation.NESTED });
    }
    // The root EntityManager's transactional() forks once; fork().transactional() forked twice and merged
    // the inner fork's entities into a throwaway outer one (measurable per transaction in bench:runtime).
    const work = root.transactional(inside, { isolationLevel: options.isolationLevel as IsolationLevel | undefined });
    this.#inFlight.add(work);
    const forget = () => this.#inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves true when every outermost transaction has settled, false if `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>(resolve => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    try {
      return await Promise.race([settled, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
