import type { DatabaseManager } from '../runtime/manager.ts';
import { RecordDigest } from './checksum.ts';
import { modelsInLoadOrder } from './models.ts';
import { readRecords } from './read.ts';

export interface ModelDigest {
  model: string;
  count: number;
  checksum: string;
}

/** Count and checksum of every model in a database, read in batches. */
export async function digestDatabase(db: DatabaseManager, batchSize = 1000): Promise<ModelDigest[]> {
  const digests: ModelDigest[] = [];
  for (const meta of modelsInLoadOrder(db.orm)) {
    const digest = new RecordDigest();
    for await (const batch of readRecords(db, meta, batchSize)) for (const record of batch) digest.add(record);
    digests.push({ model: meta.className, count: digest.count, checksum: digest.digest() });
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
