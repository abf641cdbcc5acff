import type { EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import { RecordDigest } from './checksum.ts';
import type { ModelRecordDigest } from './transfer-digest.ts';
import { modelsInLoadOrder } from './models.ts';
import { readRecords } from './read.ts';
import type { ProgressReporter } from './progress.ts';

export interface ModelDigest {
  model: string;
  count: number;
  checksum: string;
}

/**
 * Count and checksum of every model in a database, read in batches. With `progress`, each model
 * reports as `<model> (verify)`, out of `expected` records when known. `digestOf` makes each
 * model's checksum: a snapshot's SHA-256 sum unless told otherwise (a switch: TransferDigest).
 * `include` picks the models (all by default). The reporter is stopped at the end either way.
 */
export async function digestDatabase(
  db: DatabaseManager,
  batchSize = 1000,
  progress?: { reporter: ProgressReporter; expected(model: string): number },
  digestOf: (meta: EntityMetadata) => ModelRecordDigest = () => new RecordDigest(),
  include: (meta: EntityMetadata) => boolean = () => true,
): Promise<ModelDigest[]> {
  const digests: ModelDigest[] = [];
  try {
    for (const meta of modelsInLoadOrder(db.orm).filter(include)) {
      const label = `${meta.className} (verify)`;
      const digest = digestOf(meta);
      progress?.reporter.start(label, progress.expected(meta.className), 0);
      for await (const batch of readRecords(db, meta, batchSize, undefined, true)) {
        for (const record of batch) digest.add(record);
        progress?.reporter.advance(label, digest.count);
      }
      progress?.reporter.finish(label);
      digests.push({ model: meta.className, count: digest.count, checksum: digest.digest() });
    }
  } finally {
    progress?.reporter.stop();
  }
  return digests;
}

export interface VerificationRow {
  model: string;
  sourceCount: number;
  targetCount: number;
  checksumsMatch: boolean;
}

export function compareDigests(source: ModelDigest[], target: ModelDigest[]): VerificationRow[] {
  return source.map(s => {
    const t = target.find(d => d.model === s.model);
    return { model: s.model, sourceCount: s.count, targetCount: t?.count ?? 0, checksumsMatch: t?.checksum === s.checksum };
  });
}

/** The verification as a table, one model per line. */
export function verificationTable(rows: VerificationRow[]): string {
  const width = Math.max(5, ...rows.map(r => r.model.length));
  const lines = [`${'model'.padEnd(width)}  ${'source'.padStart(9)}  ${'target'.padStart(9)}  checksum`];
  for (const r of rows) {
    const ok = r.sourceCount === r.targetCount && r.checksumsMatch;
    lines.push(`${r.model.padEnd(width)}  ${String(r.sourceCount).padStart(9)}  ${String(r.targetCount).padStart(9)}  ${r.checksumsMatch ? 'equal' : 'DIFFERENT'}${ok ? '' : '  ✗'}`);
  }
  return lines.join('\n');
}

export const allMatch = (rows: VerificationRow[]) => rows.every(r => r.sourceCount === r.targetCount && r.checksumsMatch);
