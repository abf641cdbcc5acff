import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/core';
import { Migrator, type Migration } from '@mikro-orm/migrations';
import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { MigrationError } from '../errors.ts';
import { MIGRATION_TABLES } from '../../runtime/internal.ts';
import type { MigrateDownOptions, MigrateUpOptions, MigrationPreview, MigrationsBackend, MigrationStatus } from '../../runtime/internal.ts';
import type { MigrationContext } from '../context.ts';
import { MigrationChecksums, fileChecksum } from './checksums.ts';
import { FarmMigrationGenerator } from './generator.ts';
import { MigrationHistory } from './history.ts';
import { MigrationProgress } from './progress.ts';
import { StatementTracker } from './statement-tracker.ts';
import { migrationFile, verifyApplied } from './verify.ts';

const withoutExtension = (name: string) => name.replace(/\.(ts|js|cjs|mjs)$/, '');

/**
 * MikroORM stamps migrations to the second; two made in the same second would sort by name.
 * The stamp is moved past the newest existing one, so files always sort in creation order.
 */
function laterThanExisting(dir: string, timestamp: string): string {
  const stamps = (existsSync(dir) ? readdirSync(dir) : []).map(f => /^Migration(\d{14})/.exec(f)?.[1]).filter((s): s is string => !!s);
  const newest = stamps.sort().at(-1);
  if (!newest || timestamp > newest) return timestamp;
  const [, y, mo, d, h, mi, se] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(newest)!.map(Number);
  return new Date(Date.UTC(y!, mo! - 1, d, h, mi, se! + 1)).toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * SQL migrations on MikroORM's migrator: TypeScript files with up() and down(), generated
 * from the difference between the models and the last snapshot (`.snapshot.json`, kept beside
 * the migrations). Every run holds the provider's migration lock inside one transaction, so two
 * processes never apply the same migration, and records each migration in the history table.
 */
export class SqlMigrations implements MigrationsBackend {
  readonly #orm: MikroORM;
  readonly #context: MigrationContext;
  readonly #migrator: Migrator;
  readonly #history: MigrationHistory;
  readonly #checksums: MigrationChecksums;
  readonly #progress: MigrationProgress;

  constructor(orm: MikroORM, context: MigrationContext) {
    this.#orm = orm;
    this.#context = context;
    orm.config.set('migrations', {
      ...orm.config.get('migrations'),
      path: context.dir,
      pathTs: context.dir,
      tableName: MIGRATION_TABLES.applied,
      snapshotName: '.snapshot',
      // Only the files farm-db writes (Migration<timestamp>…): another ORM's migrations in the same
      // folder (TypeORM's 1700000000000-Name.ts classes) are never loaded or run.
      glob: 'Migration[0-9]!(*.d).{js,ts}',
      // The snapshot is what `create` saw in the models, committed with the migrations. (Refreshing
      // it from the database after each run also reads outside the migration transaction on
      // SQLite, whose single connection that transaction holds.)
      snapshotOnMigrate: false,
      silent: true,
      emit: 'ts',
      generator: FarmMigrationGenerator,
      fileName: (timestamp: string, name?: string) => `Migration${laterThanExisting(context.dir, timestamp)}${name ? `_${name.replace(/[^$\p{ID_Continue}]+/gu, '_')}` : ''}`,
    });
    this.#migrator = new Migrator(orm.em as never);
    this.#history = new MigrationHistory(orm);
    this.#checksums = new MigrationChecksums(orm);
    this.#progress = new MigrationProgress(orm);
  }

  async create({ name, blank = false }: { name?: string; blank?: boolean }) {
    const result = await this.#migrator.create(undefined, blank, false, name);
    if (!result.fileName) return null;
    const statements = (list: string[]) => list.filter(sql => sql.trim() !== '' && !(blank && sql === 'select 1'));
    return { file: result.fileName, up: statements(result.diff.up), down: statements(result.diff.down) };
  }

  async up(options: MigrateUpOptions = {}): Promise<string[]> {
    // MikroORM ignores a `to` it does not know and applies everything: refuse a misspelt one.
    const to = options.to && this.#known(this.#files(), options.to);
    await this.#verify();
    return this.#run('up', trx => this.#migrator.up({ ...(to ? { to } : {}), transaction: trx as never }));
  }

  async down(options: MigrateDownOptions = {}): Promise<string[]> {
    await this.#verify();
    const names = await this.#downNames(options);
    if (names.length === 0) return [];
    return this.#run('down', trx => this.#migrator.down({ migrations: names, transaction: trx as never }));
  }

  async status(): Promise<MigrationStatus[]> {
    // Reading the status changes nothing: before the first run there is no table to create yet.
    if (!(await this.#appliedTableExists())) return this.#files().map(name => ({ name, applied: false }));
    await this.#verify();
    const executed = await this.#migrator.getExecuted();
    const pending = await this.#migrator.getPending();
    return [
      ...executed.map(row => ({ name: withoutExtension(row.name), applied: true, appliedAt: new Date(row.executed_at) })),
      ...pending.map(row => ({ name: withoutExtension(row.name), applied: false })),
    ];
  }

  async preview(direction: 'up' | 'down', options: MigrateUpOptions & MigrateDownOptions & { offline?: boolean } = {}): Promise<MigrationPreview[]> {
    let names: string[];
    if (!options.offline) await this.#verify();
    if (direction === 'up') {
      names = options.offline ? this.#files() : (await this.#migrator.getPending()).map(m => withoutExtension(m.name));
      if (options.to) names = names.slice(0, names.indexOf(this.#known(names, options.to)) + 1);
    } else {
      names = await this.#downNames(options);
    }
    const previews: MigrationPreview[] = [];
    for (const name of names) {
      const migration = await this.#load(name);
      await migration[direction]();
      previews.push({ name, statements: migration.getQueries().map(query => (typeof query === 'string' ? query : String(query))) });
    }
    return previews;
  }

  async drift(): Promise<string[]> {
    await this.#verify();
    const sql = await this.#orm.schema.getUpdateSchemaSQL({ wrap: false });
    return sql.split(/;\s*\n/).map(s => s.trim().replace(/;$/, '')).filter(Boolean);
  }

  history() {
    return this.#history.list();
  }

  async baseline(name: string): Promise<string> {
    // A blank create also stores the models' schema, for this provider, as the new snapshot.
    const created = await this.#migrator.create(undefined, true, false, name);
    await this.#prepareTables();
    const executed = new Set((await this.#migrator.getExecuted()).map(row => withoutExtension(row.name)));
    for (const file of this.#files()) {
      if (executed.has(file)) continue;
      await this.#migrator.logMigration(file);
      const path = migrationFile(this.#context.dir, file)!;
      await this.#checksums.record(basename(path), fileChecksum(path));
    }
    return created.fileName;
  }

  async #appliedTableExists(): Promise<boolean> {
    const driver = this.#orm.driver as unknown as AbstractSqlDriver;
    return driver.getPlatform().getSchemaHelper()!.tableExists(driver.getConnection(), MIGRATION_TABLES.applied, undefined);
  }

  #files(): string[] {
    if (!existsSync(this.#context.dir)) return [];
    return readdirSync(this.#context.dir).filter(f => /^Migration\d{14}.*\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).map(withoutExtension).sort();
  }

  /** The applied migrations to roll back, newest first. */
  async #downNames({ to, steps }: MigrateDownOptions): Promise<string[]> {
    const executed = (await this.#migrator.getExecuted()).map(row => withoutExtension(row.name)).reverse();
    if (to !== undefined) {
      if (to === '0') return executed;
      return executed.slice(0, executed.indexOf(this.#known(executed, to)));
    }
    return executed.slice(0, steps ?? 1);
  }

  #known(names: string[], name: string): string {
    const found = names.find(n => n === withoutExtension(name));
    if (!found) throw new MigrationError(name, undefined, new Error(`no such migration among: ${names.join(', ') || 'none'}`), 'nothing was run');
    return found;
  }

  /** An applied migration whose file was edited or renamed since it ran is an error (see verify.ts). */
  async #verify(): Promise<void> {
    if (!(await this.#appliedTableExists())) return;
    const applied = (await this.#migrator.getExecuted()).map(row => ({ name: withoutExtension(row.name), appliedAt: new Date(row.executed_at) }));
    verifyApplied(this.#context.dir, this.#files(), applied, await this.#checksums.list());
  }

  async #load(name: string): Promise<Migration> {
    const file = migrationFile(this.#context.dir, name);
    if (!file) throw new MigrationError(name, undefined, new Error(`its file is missing from ${this.#context.dir}`), 'nothing was run');
    const module = (await import(pathToFileURL(file).href)) as Record<string, new (...args: unknown[]) => Migration>;
    const MigrationClass = Object.values(module).find(value => typeof value === 'function')!;
    return new MigrationClass(this.#orm.driver as AbstractSqlDriver, this.#orm.config);
  }

  /**
   * MikroORM's migrator makes its table on first use, outside any transaction: let it do that
   * before the migration transaction, which on SQLite holds the only connection. Another process
   * may be making it at the same moment; once its CREATE commits, a new look finds the table.
   * (The history table is made inside the locked transaction instead.)
   */
  async #prepareTables(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#migrator.getExecuted();
        return;
      } catch (error) {
        if (attempt === 5) throw error;
        await new Promise(resolve => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  /**
   * Runs migrations in one transaction that holds the migration lock, timing each one into the
   * history and storing the checksum of each applied file. Where DDL is not transactional
   * (MySQL, MariaDB) each statement's progress is recorded too, so a re-run after a crash
   * resumes after the statements that committed instead of repeating them (see progress.ts).
   */
  async #run(direction: 'up' | 'down', migrate: (trx: unknown) => Promise<{ name: string }[]>): Promise<string[]> {
    const connection = this.#orm.em.getConnection();
    const tracker = direction === 'up' && !this.#context.transactionalDdl ? new StatementTracker(this.#orm, this.#progress) : undefined;
    let trx: unknown;
    let running: { name: string; path: string; started: number } | undefined;
    const start = async (event: { name: string; path?: string }) => {
      const name = withoutExtension(basename(event.name));
      running = { name, path: event.path ?? migrationFile(this.#context.dir, name)!, started: performance.now() };
      await tracker?.begin(name, trx);
    };
    const finish = async () => {
      const { name, path, started } = running!;
      await this.#history.record({ name, direction, appliedAt: new Date(), durationMs: Math.round(performance.now() - started) }, trx);
      if (direction === 'up') await this.#checksums.record(basename(path), fileChecksum(path), trx);
      else await this.#checksums.remove(name, trx);
      await tracker?.end(trx);
      running = undefined;
    };
    this.#migrator.on(direction === 'up' ? 'migrating' : 'reverting', start).on(direction === 'up' ? 'migrated' : 'reverted', finish);
    this.#context.failedQueries.clear();
    await this.#prepareTables();
    // Read before the transaction: on SQLite it holds the only connection.
    const executed = new Set((await this.#migrator.getExecuted()).map(row => withoutExtension(row.name)));
    try {
      const done = await connection.transactional(async tx => {
        trx = tx;
        const release = await this.#context.lock(tx);
        try {
          await this.#history.ensureTable(tx);
          await this.#checksums.ensureTable(tx);
          if (tracker) await tracker.prepare(executed, tx);
          if (direction === 'up') await this.#adoptChecksums(executed, tx);
          tracker?.install();
          return await migrate(tx);
        } finally {
          tracker?.uninstall();
          await release();
        }
      });
      return done.map(m => withoutExtension(m.name));
    } catch (error) {
      if (!running) throw error;
      const failed = running;
      const statement = this.#context.failedQueries.last();
      const durationMs = Math.round(performance.now() - failed.started);
      const message = error instanceof Error ? error.message : String(error);
      // The rollback may have taken just-made tables with it.
      this.#history.forget();
      this.#checksums.forget();
      await this.#history.record({ name: failed.name, direction, appliedAt: new Date(), durationMs, error: message }).catch(() => undefined);
      throw new MigrationError(failed.name, statement, error, tracker?.afterFailure(failed.name, statement) ?? this.#context.afterFailure);
    } finally {
      this.#migrator.off(direction === 'up' ? 'migrating' : 'reverting', start).off(direction === 'up' ? 'migrated' : 'reverted', finish);
    }
  }

  /** Migrations applied before farm-db kept checksums get theirs now, from their files as they are. */
  async #adoptChecksums(executed: Set<string>, ctx: unknown): Promise<void> {
    const known = await this.#checksums.list(ctx);
    for (const name of executed) {
      const file = migrationFile(this.#context.dir, name);
      if (file && !known.has(basename(file))) await this.#checksums.record(basename(file), fileChecksum(file), ctx);
    }
  }
}
