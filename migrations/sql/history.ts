import { hostname } from 'node:os';
import { defineEntity, p, type MikroORM } from '@mikro-orm/core';
import { DatabaseTable, type AbstractSqlDriver } from '@mikro-orm/sql';
import { MIGRATION_TABLES } from '../../runtime/internal.ts';
import type { MigrationHistoryEntry } from '../../runtime/internal.ts';

const HistoryRow = defineEntity({
  name: 'FarmMigrationHistory',
  tableName: MIGRATION_TABLES.history,
  properties: {
    id: p.integer().primary().fieldNames('id'),
    name: p.string().fieldNames('name'),
    direction: p.string().fieldNames('direction'),
    appliedAt: p.datetime().fieldNames('applied_at'),
    durationMs: p.integer().fieldNames('duration_ms'),
    host: p.string().fieldNames('host'),
    error: p.text().nullable().fieldNames('error'),
  },
}).init();
HistoryRow.meta.sync();

/**
 * Every migration run, kept in the database it changed: name, direction, when, how long, on
 * which host, and the error of a failed run. Built with the platform's own schema helper, so
 * the same code makes the table on every SQL database.
 */
export class MigrationHistory {
  readonly #orm: MikroORM;
  #ensured = false;

  constructor(orm: MikroORM) {
    this.#orm = orm;
  }

  get #driver(): AbstractSqlDriver {
    return this.#orm.driver as unknown as AbstractSqlDriver;
  }

  async ensureTable(ctx?: unknown): Promise<void> {
    if (this.#ensured) return;
    const platform = this.#driver.getPlatform();
    const helper = platform.getSchemaHelper()!;
    const connection = this.#driver.getConnection();
    if (!(await helper.tableExists(connection, MIGRATION_TABLES.history, undefined, ctx as never))) {
      const table = new DatabaseTable(platform, MIGRATION_TABLES.history);
      const column = (name: string, type: string, mapped: string, extra: object = {}) =>
        table.addColumn({ name, type, mappedType: platform.getMappedType(mapped), ...extra });
      column('id', platform.getIntegerTypeDeclarationSQL({ autoincrement: true, unsigned: true }), 'number', { primary: true, autoincrement: true });
      column('name', platform.getVarcharTypeDeclarationSQL({}), 'string');
      column('direction', platform.getVarcharTypeDeclarationSQL({ length: 4 }), 'string');
      column('applied_at', platform.getDateTimeTypeDeclarationSQL({ length: 3 }), 'datetime', { length: 3 });
      column('duration_ms', platform.getIntegerTypeDeclarationSQL({}), 'number');
      column('host', platform.getVarcharTypeDeclarationSQL({}), 'string');
      column('error', platform.getTextTypeDeclarationSQL({}), 'text', { nullable: true });
      await connection.execute(helper.createTable(table).join(';\n'), [], 'run', ctx as never);
    }
    this.#ensured = true;
  }

  /** Look for the table again next time (after a rollback that may have undone its creation). */
  forget(): void {
    this.#ensured = false;
  }

  async record(entry: Omit<MigrationHistoryEntry, 'host'>, ctx?: unknown): Promise<void> {
    await this.ensureTable(ctx);
    const row = { ...entry, host: hostname(), error: entry.error ?? null };
    await this.#driver.nativeInsert(HistoryRow as never, row as never, { ctx: ctx as never });
  }

  /** Reading changes nothing: before the first migration run there is no table and no history. */
  async list(): Promise<MigrationHistoryEntry[]> {
    const helper = this.#driver.getPlatform().getSchemaHelper()!;
    if (!this.#ensured && !(await helper.tableExists(this.#driver.getConnection(), MIGRATION_TABLES.history, undefined))) return [];
    const rows = (await this.#driver.createQueryBuilder(HistoryRow as never).orderBy({ id: 'asc' } as never).execute('all', false)) as Record<string, unknown>[];
    return rows.map(row => ({
      name: String(row.name),
      direction: row.direction as 'up' | 'down',
      appliedAt: new Date(row.applied_at as string),
      durationMs: Number(row.duration_ms),
      host: String(row.host),
      ...(row.error ? { error: String(row.error) } : {}),
    }));
  }
}
