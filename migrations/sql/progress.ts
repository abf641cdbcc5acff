import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { MIGRATION_TABLES } from '../../runtime/internal.ts';
import { ensureFarmTable, farmTableExists } from './farm-table.ts';

/** Statements MySQL and MariaDB commit implicitly, whatever transaction is open. */
export const IMPLICIT_COMMIT = /^\s*(create|alter|drop|rename|truncate)\b/i;

/**
 * How many statements of a migration have committed, on databases whose DDL is not
 * transactional (MySQL, MariaDB); see statement-tracker.ts. A re-run after a crash skips them.
 */
export class MigrationProgress {
  readonly #orm: MikroORM;

  constructor(orm: MikroORM) {
    this.#orm = orm;
  }

  get #driver(): AbstractSqlDriver {
    return this.#orm.driver as unknown as AbstractSqlDriver;
  }

  #table(): string {
    return this.#driver.getPlatform().quoteIdentifier(MIGRATION_TABLES.progress);
  }

  /** Our own statements go to the connection directly, past the statement counter. */
  #sql(sql: string, params: unknown[], ctx: unknown) {
    return this.#driver.getConnection().execute(sql, params, 'all', ctx as never) as Promise<Record<string, unknown>[]>;
  }

  async ensureTable(ctx?: unknown): Promise<void> {
    await ensureFarmTable(this.#orm, MIGRATION_TABLES.progress, [
      { name: 'name', kind: 'string', primary: true },
      { name: 'statements_done', kind: 'integer' },
      { name: 'started_at', kind: 'datetime' },
    ], ctx);
  }

  /** Statements done by an interrupted earlier run, per migration. */
  async list(ctx?: unknown): Promise<Map<string, { done: number; startedAt: Date }>> {
    if (!(await farmTableExists(this.#orm, MIGRATION_TABLES.progress, ctx))) return new Map();
    const rows = await this.#sql(`select name, statements_done, started_at from ${this.#table()}`, [], ctx);
    return new Map(rows.map(row => [String(row.name), { done: Number(row.statements_done), startedAt: new Date(row.started_at as string) }]));
  }

  async start(name: string, ctx: unknown): Promise<void> {
    await this.#sql(`delete from ${this.#table()} where name = ?`, [name], ctx);
    await this.#sql(`insert into ${this.#table()} (name, statements_done, started_at) values (?, 0, ?)`, [name, new Date()], ctx);
  }

  async advance(name: string, done: number, ctx: unknown): Promise<void> {
    await this.#sql(`update ${this.#table()} set statements_done = ? where name = ?`, [done, name], ctx);
  }

  async clear(name: string, ctx: unknown): Promise<void> {
    await this.#sql(`delete from ${this.#table()} where name = ?`, [name], ctx);
  }

  /** `begin`/`commit` around one data statement and its progress row (each DDL commits anyway). */
  begin(ctx: unknown) {
    return this.#sql('start transaction', [], ctx);
  }

  commit(ctx: unknown) {
    return this.#sql('commit', [], ctx);
  }
}
