/** The last statement that failed on this ORM: migrations run one at a time, under a lock. */
export class FailedQueries {
  #last: string | undefined;
  record(sql: string): void {
    this.#last = sql;
  }
  last(): string | undefined {
    return this.#last;
  }
  clear(): void {
    this.#last = undefined;
  }
}
