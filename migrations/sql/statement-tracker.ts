import type { MikroORM } from '@mikro-orm/core';
import { IMPLICIT_COMMIT, type MigrationProgress } from './progress.ts';

type Execute = (sql: unknown, params?: unknown, method?: unknown, ctx?: unknown, ...rest: unknown[]) => Promise<unknown>;

/** Session settings the migration runner sends around every migration: run each time, never counted. */
const SESSION_SETTING = /^\s*set\s/i;

/**
 * Counts, and records, the statements of the migration that is running, on MySQL/MariaDB, where
 * the first DDL of a run ends its transaction (so "one transaction per run" cannot hold there):
 * - each data statement commits together with its progress, in a transaction of its own;
 * - a DDL statement commits by itself; its progress is recorded right after (the one moment a
 *   crash can repeat a statement: that DDL, which then fails loudly rather than twice silently).
 * A re-run skips the statements an interrupted or failed run committed. It hooks the driver's `execute`,
 * which MikroORM's migration runner calls with no parameters for each statement of a migration.
 */
export class StatementTracker {
  readonly #orm: MikroORM;
  readonly #progress: MigrationProgress;
  #prior = new Map<string, { done: number; startedAt: Date }>();
  #current: { name: string; seen: number; skip: number; resumed: boolean } | undefined;
  #original: Execute | undefined;

  constructor(orm: MikroORM, progress: MigrationProgress) {
    this.#orm = orm;
    this.#progress = progress;
  }

  /** Reads what interrupted runs left; progress of migrations that were recorded as applied after all is dropped. */
  async prepare(applied: Set<string>, ctx: unknown): Promise<void> {
    await this.#progress.ensureTable(ctx);
    this.#prior = await this.#progress.list(ctx);
    for (const name of this.#prior.keys()) {
      if (!applied.has(name)) continue;
      await this.#progress.clear(name, ctx);
      this.#prior.delete(name);
    }
  }

  async begin(name: string, ctx: unknown): Promise<void> {
    const prior = this.#prior.get(name);
    this.#current = { name, seen: 0, skip: prior?.done ?? 0, resumed: Boolean(prior?.done) };
    if (prior?.done) {
      const when = prior.startedAt.toISOString();
      console.warn(`farm-db: resuming migration ${name}, interrupted at ${when}: its first ${prior.done} statement(s) committed then and are not run again`);
    } else if (!prior) {
      await this.#progress.start(name, ctx);
    }
  }

  async end(ctx: unknown): Promise<void> {
    if (this.#current) await this.#progress.clear(this.#current.name, ctx);
    this.#current = undefined;
  }

  install(): void {
    const driver = this.#orm.driver as unknown as { execute: Execute };
    const original = driver.execute;
    this.#original = original;
    const tracker = this;
    driver.execute = async function (this: unknown, sql, params, method, ctx, ...rest) {
      const current = tracker.#current;
      if (!current || params !== undefined || typeof sql !== 'string' || SESSION_SETTING.test(sql)) return original.call(this, sql, params, method, ctx, ...rest);
      const index = current.seen++;
      if (index < current.skip) return [];
      if (IMPLICIT_COMMIT.test(sql)) {
        const result = await original.call(this, sql, params, method, ctx, ...rest);
        await tracker.#progress.advance(current.name, index + 1, ctx);
        return result;
      }
      await tracker.#progress.begin(ctx);
      const result = await original.call(this, sql, params, method, ctx, ...rest);
      await tracker.#progress.advance(current.name, index + 1, ctx);
      await tracker.#progress.commit(ctx);
      return result;
    };
  }

  uninstall(): void {
    if (this.#original) (this.#orm.driver as unknown as { execute: Execute }).execute = this.#original;
    this.#original = undefined;
  }

  /** What a failed run left, for the error: which statements committed, and how the next run goes on. */
  afterFailure(name: string, statement: string | undefined): string {
    const current = this.#current;
    const done = current && current.name === name ? Math.max(current.seen - 1, current.skip) : 0;
    const repeated = current?.resumed && current.seen - 1 === current.skip && IMPLICIT_COMMIT.test(statement ?? '');
    return [
      `MySQL/MariaDB commit each schema change as it runs (DDL is not transactional): the first ${done} statement(s) of ${name} committed and are recorded;`,
      'the migration is recorded as not applied, and the next run resumes it at the failing statement.',
      ...(repeated
        ? [`The earlier run was interrupted just after this statement: if it took effect then, record it as done with`,
          `  update farm_migration_progress set statements_done = ${done + 1} where name = '${name}'`, 'and run the migration again.']
        : []),
    ].join('\n  ');
  }
}
