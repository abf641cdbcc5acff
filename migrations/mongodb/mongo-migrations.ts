import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/core';
import type { Db } from 'mongodb';
import { FarmRuntimeError } from '../../runtime/index.ts';
import { mongoDatabase } from '../../runtime/internal.ts';
import type { MigrationContext } from '../context.ts';
import { MigrationError } from '../errors.ts';
import { MIGRATION_TABLES } from '../../runtime/internal.ts';
import type { MigrateDownOptions, MigrateUpOptions, MigrationHistoryEntry, MigrationPreview, MigrationsBackend, MigrationStatus } from '../../runtime/internal.ts';
import { applyOperation, describeOperation, type MongoMigrationFile, type MongoOperation } from './operations.ts';
import { diffSnapshots, snapshotFromModels, type MongoSnapshot } from './snapshot.ts';
import { parseMongoMigration } from './validate.ts';

const SNAPSHOT_FILE = '.snapshot.json';
const SCHEMA_URL = 'https://farm-db.dev/schemas/mongodb-migration.json';

interface LoadedMigration extends MongoMigrationFile {
  file: string;
  checksum: string;
}

interface ChangelogEntry {
  _id: string;
  checksum: string;
  appliedAt: Date;
  durationMs: number;
}

/**
 * MongoDB migrations as JSON files of operations, validated against schema.json before
 * anything runs. Applied ones are kept in a changelog collection with the file's checksum, so
 * a migration edited after it ran is an error rather than silently skipped.
 */
export class MongoMigrations implements MigrationsBackend {
  readonly #orm: MikroORM;
  readonly #context: MigrationContext;

  constructor(orm: MikroORM, context: MigrationContext) {
    this.#orm = orm;
    this.#context = context;
  }

  async create({ name, blank = false }: { name?: string; blank?: boolean }) {
    const snapshotPath = join(this.#context.dir, SNAPSHOT_FILE);
    const before: MongoSnapshot = existsSync(snapshotPath) ? JSON.parse(readFileSync(snapshotPath, 'utf8')) : { collections: {} };
    const after = snapshotFromModels(this.#orm);
    const diff = blank ? { up: [], down: [] } : diffSnapshots(before, after);
    if (!blank && diff.up.length === 0) return null;
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const id = name ? `${stamp}_${name.replace(/[^A-Za-z0-9_-]+/g, '_')}` : stamp;
    const migration: MongoMigrationFile = { $schema: SCHEMA_URL, id, description: name ?? (blank ? 'blank migration' : 'generated from the models'), ...diff };
    mkdirSync(this.#context.dir, { recursive: true });
    writeFileSync(join(this.#context.dir, `${id}.json`), `${JSON.stringify(migration, null, 2)}\n`);
    if (!blank) writeFileSync(snapshotPath, `${JSON.stringify(after, null, 2)}\n`);
    return { file: `${id}.json`, up: diff.up.map(describeOperation), down: diff.down.map(describeOperation) };
  }

  async up(options: MigrateUpOptions = {}): Promise<string[]> {
    return this.#locked(async (db, all) => {
      const applied = await this.#applied(db, all);
      let pending = all.filter(m => !applied.has(m.id));
      if (options.to) pending = pending.slice(0, pending.findIndex(m => m.id === this.#known(all, options.to!).id) + 1);
      for (const migration of pending) {
        const durationMs = await this.#run(db, migration, 'up');
        await db.collection<ChangelogEntry>(MIGRATION_TABLES.applied).insertOne({ _id: migration.id, checksum: migration.checksum, appliedAt: new Date(), durationMs });
      }
      return pending.map(m => m.id);
    });
  }

  async down(options: MigrateDownOptions = {}): Promise<string[]> {
    return this.#locked(async (db, all) => {
      const targets = await this.#downTargets(db, all, options);
      for (const migration of targets) {
        await this.#run(db, migration, 'down');
        await db.collection<ChangelogEntry>(MIGRATION_TABLES.applied).deleteOne({ _id: migration.id });
      }
      return targets.map(m => m.id);
    });
  }

  async status(): Promise<MigrationStatus[]> {
    const db = await this.#db();
    const all = this.#load();
    const applied = await this.#applied(db, all);
    return all.map(m => ({ name: m.id, applied: applied.has(m.id), ...(applied.has(m.id) ? { appliedAt: applied.get(m.id)!.appliedAt } : {}) }));
  }

  async preview(direction: 'up' | 'down', options: MigrateUpOptions & MigrateDownOptions & { offline?: boolean } = {}): Promise<MigrationPreview[]> {
    const all = this.#load();
    let list: LoadedMigration[];
    if (direction === 'up' && options.offline) list = all;
    else {
      const db = await this.#db();
      const applied = await this.#applied(db, all);
      list = direction === 'up' ? all.filter(m => !applied.has(m.id)) : await this.#downTargets(db, all, options);
    }
    if (direction === 'up' && options.to) list = list.slice(0, list.findIndex(m => m.id === this.#known(all, options.to!).id) + 1);
    return list.map(m => ({ name: m.id, statements: m[direction].map(describeOperation) }));
  }

  /** Collections and indexes the models declare that the database lacks, or has and the models do not. */
  async drift(): Promise<string[]> {
    const db = await this.#db();
    const actual: MongoSnapshot = { collections: {} };
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      if ((Object.values(MIGRATION_TABLES) as string[]).includes(name) || name.startsWith('system.')) continue;
      const indexes = (await db.collection(name).indexes()).filter(index => index.name !== '_id_');
      actual.collections[name] = {
        indexes: Object.fromEntries(indexes.map(index => [shapeKey(index.key as Record<string, 1 | -1>, index.unique), { keys: index.key as Record<string, 1 | -1>, ...(index.unique ? { unique: true } : {}) }])),
      };
    }
    const wanted = snapshotFromModels(this.#orm);
    // Compare indexes by shape, not by name: MikroORM and hand-made indexes name them differently.
    for (const collection of Object.values(wanted.collections)) {
      collection.indexes = Object.fromEntries(Object.values(collection.indexes).map(index => [shapeKey(index.keys, index.unique), index]));
    }
    return diffSnapshots(actual, wanted).up.map(describeOperation);
  }

  async history(): Promise<MigrationHistoryEntry[]> {
    const db = await this.#db();
    const rows = await db.collection<MigrationHistoryEntry>(MIGRATION_TABLES.history).find({}, { projection: { _id: 0 } }).sort({ appliedAt: 1 }).toArray();
    return rows;
  }

  async baseline(name: string): Promise<string> {
    const created = (await this.create({ name, blank: true }))!;
    writeFileSync(join(this.#context.dir, SNAPSHOT_FILE), `${JSON.stringify(snapshotFromModels(this.#orm), null, 2)}\n`);
    const db = await this.#db();
    const all = this.#load();
    const applied = await this.#applied(db, all);
    for (const migration of all.filter(m => !applied.has(m.id))) {
      await db.collection<ChangelogEntry>(MIGRATION_TABLES.applied).insertOne({ _id: migration.id, checksum: migration.checksum, appliedAt: new Date(), durationMs: 0 });
    }
    return created.file;
  }

  #db(): Promise<Db> {
    return mongoDatabase(this.#orm);
  }

  /** Every migration file, validated before anything runs, in id order. */
  #load(): LoadedMigration[] {
    const files = existsSync(this.#context.dir) ? readdirSync(this.#context.dir).filter(f => f.endsWith('.json') && f !== SNAPSHOT_FILE) : [];
    return files
      .map(file => {
        const path = join(this.#context.dir, file);
        const text = readFileSync(path, 'utf8');
        return { ...parseMongoMigration(path, text), file: path, checksum: createHash('sha256').update(text).digest('hex') };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The changelog; an applied migration whose file has changed since is an error. */
  async #applied(db: Db, all: LoadedMigration[]): Promise<Map<string, ChangelogEntry>> {
    const entries = await db.collection<ChangelogEntry>(MIGRATION_TABLES.applied).find().sort({ _id: 1 }).toArray();
    for (const entry of entries) {
      const file = all.find(m => m.id === entry._id);
      if (file && file.checksum !== entry.checksum) {
        throw new FarmRuntimeError(`migration ${entry._id} was applied on ${entry.appliedAt.toISOString()}, and ${file.file} has changed since`, {
          hint: 'restore the file as it was when it ran, and put the new change in a new migration (farm db migrate --create)',
        });
      }
    }
    return new Map(entries.map(entry => [entry._id, entry]));
  }

  async #downTargets(db: Db, all: LoadedMigration[], { to, steps }: MigrateDownOptions): Promise<LoadedMigration[]> {
    const applied = [...(await this.#applied(db, all)).keys()].reverse();
    const chosen = to === '0' ? applied : to !== undefined ? applied.slice(0, applied.indexOf(this.#known(all, to).id)) : applied.slice(0, steps ?? 1);
    return chosen.map(id => {
      const migration = all.find(m => m.id === id);
      if (!migration) throw new MigrationError(id, undefined, new Error(`its file is missing from ${this.#context.dir}`), 'nothing was rolled back');
      return migration;
    });
  }

  #known(all: LoadedMigration[], id: string): LoadedMigration {
    const found = all.find(m => m.id === id.replace(/\.json$/, ''));
    if (!found) throw new MigrationError(id, undefined, new Error(`no such migration among: ${all.map(m => m.id).join(', ') || 'none'}`), 'nothing was run');
    return found;
  }

  /** Runs one migration's operations in order, recording it in the history either way. */
  async #run(db: Db, migration: LoadedMigration, direction: 'up' | 'down'): Promise<number> {
    const started = performance.now();
    const history = db.collection<MigrationHistoryEntry>(MIGRATION_TABLES.history);
    let current: MongoOperation | undefined;
    try {
      for (current of migration[direction]) await applyOperation(db, current);
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      await history.insertOne({ name: migration.id, direction, appliedAt: new Date(), durationMs, host: hostname(), error: (error as Error).message }).catch(() => undefined);
      throw new MigrationError(migration.id, current && describeOperation(current), error, this.#context.afterFailure);
    }
    const durationMs = Math.round(performance.now() - started);
    await history.insertOne({ name: migration.id, direction, appliedAt: new Date(), durationMs, host: hostname() });
    return durationMs;
  }

  /** Every file is validated before the lock is taken or the database touched. */
  async #locked<T>(work: (db: Db, all: LoadedMigration[]) => Promise<T>): Promise<T> {
    const all = this.#load();
    const db = await this.#db();
    const release = await this.#context.lock(undefined);
    try {
      return await work(db, all);
    } finally {
      await release();
    }
  }
}

function shapeKey(keys: Record<string, unknown>, unique?: boolean): string {
  return `${Object.entries(keys).map(([k, v]) => `${k}:${v}`).join(',')}${unique ? ':unique' : ''}`;
}
