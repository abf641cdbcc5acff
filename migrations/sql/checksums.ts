import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { MIGRATION_TABLES } from '../../runtime/internal.ts';
import { ensureFarmTable, farmTableExists } from './farm-table.ts';

/** The SHA-256 of a migration file; line endings do not count (a checkout with CRLF is the same file). */
export const fileChecksum = (path: string) => createHash('sha256').update(readFileSync(path, 'utf8').replace(/\r\n/g, '\n')).digest('hex');

/**
 * The checksum of each applied SQL migration's file, as it was when it ran (as MongoDB's
 * changelog keeps). An applied migration edited since, or renamed, is found by comparing.
 */
export class MigrationChecksums {
  readonly #orm: MikroORM;
  #ensured = false;

  constructor(orm: MikroORM) {
    this.#orm = orm;
  }

  get #driver(): AbstractSqlDriver {
    return this.#orm.driver as unknown as AbstractSqlDriver;
  }

  #sql(sql: string, params: unknown[], ctx: unknown) {
    return this.#driver.getConnection().execute(sql, params, 'all', ctx as never) as Promise<Record<string, unknown>[]>;
  }

  #table(): string {
    return this.#driver.getPlatform().quoteIdentifier(MIGRATION_TABLES.checksums);
  }

  async ensureTable(ctx?: unknown): Promise<void> {
    if (this.#ensured) return;
    await ensureFarmTable(this.#orm, MIGRATION_TABLES.checksums, [
      { name: 'name', kind: 'string', primary: true },
      { name: 'checksum', kind: 'string', length: 64 },
    ], ctx);
    this.#ensured = true;
  }

  forget(): void {
    this.#ensured = false;
  }

  /** `file` is the migration's file name with its extension. */
  async record(file: string, checksum: string, ctx?: unknown): Promise<void> {
    await this.ensureTable(ctx);
    await this.#sql(`delete from ${this.#table()} where name = ?`, [file], ctx);
    await this.#sql(`insert into ${this.#table()} (name, checksum) values (?, ?)`, [file, checksum], ctx);
  }

  /** Forgets both files of migration `name` (its .ts and its compiled .js): it was rolled back. */
  async remove(name: string, ctx?: unknown): Promise<void> {
    await this.ensureTable(ctx);
    await this.#sql(`delete from ${this.#table()} where name in (?, ?)`, [`${name}.ts`, `${name}.js`], ctx);
  }

  /** file name (with its extension) → checksum, for every applied migration file that has one. */
  async list(ctx?: unknown): Promise<Map<string, string>> {
    if (!this.#ensured && !(await farmTableExists(this.#orm, MIGRATION_TABLES.checksums, ctx))) return new Map();
    const rows = await this.#sql(`select name, checksum from ${this.#table()}`, [], ctx);
    return new Map(rows.map(row => [String(row.name), String(row.checksum)]));
  }
}
