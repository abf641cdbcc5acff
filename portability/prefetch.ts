/**
 * Reads a source's batches one ahead. `prefetch()` starts reading the next batch while the
 * caller is still storing this one, so both databases work at once. Targets call it when the
 * batch has left for the database and they only wait (PostgreSQL: once the COPY data is on the
 * socket): started any earlier, a synchronous source such as node:sqlite would hold up the
 * send instead of overlapping the target's work. At most two batches are in memory.
 */
export class Prefetcher<T> {
  readonly #iterator: AsyncIterator<T>;
  #ahead: Promise<IteratorResult<T>> | undefined;

  constructor(source: AsyncIterable<T>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  /** Starts reading the next batch, unless it is already being read. */
  prefetch(): void {
    this.#ahead ??= this.#iterator.next();
  }

  /** The next batch: the one read ahead, or read now. */
  next(): Promise<IteratorResult<T>> {
    this.prefetch();
    const ahead = this.#ahead!;
    this.#ahead = undefined;
    return ahead;
  }

  /** Stops early (an error while storing): lets a read in flight settle, then closes the source. */
  async close(): Promise<void> {
    await this.#ahead?.catch(() => undefined);
    this.#ahead = undefined;
    await this.#iterator.return?.();
  }
}
