import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes, createHash } from 'node:crypto';
import type { EntityManager, EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import { FarmRuntimeError, PROVIDER_DESCRIPTORS } from '../runtime/index.ts';
import { RecordDigest } from './checksum.ts';
import type { PortableRecord } from './codec.ts';
import { arrayRelations, describeModel, modelsInLoadOrder } from './models.ts';
import { countRows } from './count.ts';
import type { RecordSource } from './load.ts';
import type { ProgressReporter } from './progress.ts';
import { readRecords } from './read.ts';
import { readConsistently } from '../runtime/internal.ts';
import { RecordValidator } from './validate.ts';

export const SNAPSHOT_FORMAT = 'farm-db-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  createdAt: string;
  provider: string;
  models: { name: string; file: string; count: number; checksum: string; schema: ReturnType<typeof describeModel> }[];
}

/**
 * Writes every model of `db` as JSON Lines (one portable record per line) plus manifest.json.
 * Written into a temporary folder renamed into place at the end: a snapshot folder is whole or absent.
 */
export async function exportSnapshot(db: DatabaseManager, out: string, options: { batchSize?: number; progress?: ProgressReporter } = {}): Promise<SnapshotManifest> {
  const target = resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new FarmRuntimeError(`${target} already exists and is not empty`, { hint: 'choose another --out folder, or remove that one' });
  }
  const arrays = arrayRelations(db.orm);
  if (arrays.length > 0) {
    throw new FarmRuntimeError(`${arrays.join(', ')} cannot be exported: many-to-many relations kept as arrays in MongoDB documents that farm-db cannot carry (polymorphic, ordered, or to a composite key)`, {
      hint: 'nothing was written; a snapshot without them would lose those relations',
    });
  }
  const partial = `${target}.partial-${randomBytes(3).toString('hex')}`;
  mkdirSync(partial, { recursive: true });
  try {
    // One read transaction: the files are the database at one moment, whatever is written meanwhile.
    const models = await readConsistently(db, em => writeModelFiles(db, partial, options, em));
    const manifest: SnapshotManifest = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, createdAt: new Date().toISOString(), provider: db.config.type, models };
    writeFileSync(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    moveIntoPlace(partial, target);
    return manifest;
  } catch (error) {
    if (!(error instanceof SnapshotKeptAside)) rmSync(partial, { recursive: true, force: true });
    throw error;
  } finally {
    // Also on failure: the bar gives the terminal its cursor back.
    options.progress?.stop();
  }
}

/** One JSON Lines file per model in `dir`, read in the read transaction `em`; returns what the manifest says of each. */
async function writeModelFiles(db: DatabaseManager, dir: string, options: { batchSize?: number; progress?: ProgressReporter }, em: EntityManager | undefined): Promise<SnapshotManifest['models']> {
  const models: SnapshotManifest['models'] = [];
  for (const meta of modelsInLoadOrder(db.orm)) {
    const file = `${meta.className}.jsonl`;
    const stream = createWriteStream(join(dir, file));
    const digest = new RecordDigest();
    const total = await countRows(db, meta, em);
    options.progress?.start(meta.className, total, 0);
    for await (const batch of readRecords(db, meta, options.batchSize ?? 1000, em)) {
      const text = batch.map(record => `${digest.add(record)}\n`).join('');
      if (!stream.write(text)) await once(stream, 'drain');
      options.progress?.advance(meta.className, digest.count);
    }
    stream.end();
    await once(stream, 'finish');
    options.progress?.finish(meta.className);
    models.push({ name: meta.className, file, count: digest.count, checksum: digest.digest(), schema: describeModel(meta) });
  }
  return models;
}

/** The export finished but its folder could not take the name asked for: it stays where it was written. */
class SnapshotKeptAside extends FarmRuntimeError {}

/**
 * Renames the finished snapshot to `target`, which only succeeds while `target` does not exist or
 * is an empty folder (rename(2) never replaces a folder with something in it). Whatever appeared
 * at `target` during the export is left as it is: the export deletes nothing it did not create.
 */
function moveIntoPlace(partial: string, target: string): void {
  try {
    renameSync(partial, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
    throw new SnapshotKeptAside(`${target} was created by someone else while the export ran; it was left untouched`, {
      hint: `the snapshot is complete in ${partial}: move it where you want it, or export again with another --out`,
    });
  }
}

/**
 * Checks a snapshot completely before anything is loaded: the manifest (format, version, the
 * same models with the same properties), then every file's line count and checksum. Returns
 * a source that streams the files again for loading.
 */
export async function openSnapshot(dir: string, db: DatabaseManager, batchSize = 1000): Promise<RecordSource & { manifest: SnapshotManifest }> {
  const root = resolve(dir);
  const manifest = readManifest(root);
  const models = modelsInLoadOrder(db.orm);
  for (const meta of models) {
    const entry = manifest.models.find(m => m.name === meta.className);
    if (!entry) throw corrupt(root, `it has no ${meta.className} (the models here are ${models.map(m => m.className).join(', ')})`);
    const expected = JSON.stringify(describeModel(meta));
    if (JSON.stringify(entry.schema) !== expected) throw corrupt(root, `${meta.className} has other properties than the model here (snapshot: ${entry.schema.properties.map(p => p.name).join(', ')})`);
  }
  for (const entry of manifest.models) {
    if (!models.some(m => m.className === entry.name)) throw corrupt(root, `it holds ${entry.name}, which is not a registered model`);
  }
  // In load order, so that a reference is checked against the records of the model it points to.
  const validator = new RecordValidator(PROVIDER_DESCRIPTORS[db.config.type].records === 'rows');
  for (const meta of models) {
    const entry = manifest.models.find(m => m.name === meta.className)!;
    const digest = new RecordDigest();
    for await (const line of lines(confinedPath(root, entry.file), root)) {
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        throw corrupt(root, `${entry.file} line ${digest.count + 1} is not JSON (truncated?)`);
      }
      const invalid = validator.check(meta, record, digest.count + 1);
      if (invalid) throw corrupt(root, `${entry.file} ${invalid}`, 'correct that record (or export it again), then import again');
      digest.addLine(line);
    }
    const broken = validator.finishModel(meta);
    if (broken) throw corrupt(root, `${entry.file} ${broken}`, 'correct that record (or export it again), then import again');
    if (digest.count !== entry.count) throw corrupt(root, `${entry.file} has ${digest.count} records, the manifest says ${entry.count}`);
    if (digest.digest() !== entry.checksum) throw corrupt(root, `${entry.file} does not match its checksum in the manifest`);
  }
  return {
    manifest,
    runId: `import:${createHash('sha256').update(JSON.stringify(manifest.models)).digest('hex').slice(0, 32)}`,
    total: model => manifest.models.find(m => m.name === model)?.count ?? 0,
    records: (meta: EntityMetadata) => fileBatches(confinedPath(root, manifest.models.find(m => m.name === meta.className)!.file), root, batchSize),
  };
}

function readManifest(root: string): SnapshotManifest {
  const path = join(root, 'manifest.json');
  if (!existsSync(path)) throw corrupt(root, 'manifest.json is missing');
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw corrupt(root, `manifest.json is not valid JSON (${(error as Error).message})`);
  }
  if (manifest?.format !== SNAPSHOT_FORMAT) throw corrupt(root, 'manifest.json is not a farm-db snapshot manifest');
  if (manifest.version !== SNAPSHOT_VERSION) throw corrupt(root, `it is format version ${manifest.version}; this farm-db reads version ${SNAPSHOT_VERSION}`);
  if (!Array.isArray(manifest.models)) throw corrupt(root, 'manifest.json lists no models');
  for (const entry of manifest.models) confinedPath(root, entry?.file);
  return manifest;
}

/**
 * The path of a file the manifest names, refused (before anything reads it) unless it is a
 * plain relative name that stays inside the snapshot folder, symbolic links followed.
 */
function confinedPath(root: string, file: unknown): string {
  if (typeof file !== 'string' || file === '') throw corrupt(root, `manifest.json names the file ${JSON.stringify(file)}, which is not a file name`);
  const path = resolve(root, file);
  const inside = (base: string, candidate: string) => {
    const rel = relative(base, candidate);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (isAbsolute(file) || !inside(root, path)) throw corrupt(root, `manifest.json names ${JSON.stringify(file)}, which is outside the snapshot folder`);
  if (existsSync(path) && !inside(realpathSync(root), realpathSync(path))) {
    throw corrupt(root, `${file} is a link to a file outside the snapshot folder`);
  }
  return path;
}

async function* lines(path: string, root: string): AsyncGenerator<string> {
  if (!existsSync(path)) throw corrupt(root, `${path.slice(root.length + 1)} is missing`);
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line !== '') yield line;
}

async function* fileBatches(path: string, root: string, batchSize: number): AsyncGenerator<PortableRecord[]> {
  let batch: PortableRecord[] = [];
  for await (const line of lines(path, root)) {
    batch.push(JSON.parse(line) as PortableRecord);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function corrupt(root: string, why: string, fix = 'export it again (farm db export), or restore the folder as it was written'): FarmRuntimeError {
  return new FarmRuntimeError(`the snapshot in ${root} cannot be imported: ${why}`, { hint: `${fix}; nothing was loaded` });
}
