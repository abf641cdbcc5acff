import type { EntityMetadata } from '@mikro-orm/core';
import type { DatabaseManager } from '../runtime/index.ts';
import { serverDigestOf, type ServerDigest } from '../runtime/internal.ts';
import { modelsInLoadOrder, storedProperties } from './models.ts';
import type { ProgressReporter } from './progress.ts';
import { digestKeys, formatDigest, type TransferDigest } from './transfer-digest.ts';
import { digestDatabase, type ModelDigest } from './verify.ts';

type DigestQuery = () => Promise<ServerDigest>;

/** The models of `target` whose rows its database can digest itself, with the query that does. */
export function serverDigests(target: DatabaseManager): Map<string, DigestQuery> {
  const queries = new Map<string, DigestQuery>();
  for (const meta of modelsInLoadOrder(target.orm)) {
    const props = storedProperties(meta);
    const byName = new Map(props.map(prop => [prop.name, prop]));
    // The values in the order TransferDigest hashes them.
    const query = serverDigestOf(target, meta, digestKeys([...byName.keys()]).map(name => byName.get(name)!));
    if (query) queries.set(meta.className, query);
  }
  return queries;
}

export interface VerifyOptions {
  batchSize: number;
  progress?: { reporter: ProgressReporter; expected(model: string): number };
  digestOf(meta: EntityMetadata): TransferDigest;
}

/**
 * Count and checksum of every model in the target after a switch's load. A model its database
 * digests itself (`onServer`, all at once, each on a connection of its own) is taken from there when
 * it agrees with what was moved; every other model, and one whose server digest differs or fails,
 * is read back and digested here, row by row, exactly as before. So the server's digest can make a
 * move faster, never make it pass: a difference is always confirmed by reading the rows.
 */
export async function verifyTarget(
  target: DatabaseManager,
  moved: ModelDigest[],
  onServer: Map<string, DigestQuery>,
  options: VerifyOptions,
): Promise<ModelDigest[]> {
  // Asked all at once, each on a connection of its own. A model the server settles is reported done; one it
  // does not is reported again, from 0, as it is read back (the same bar).
  const reporter = options.progress?.reporter;
  const fromServer = await Promise.all(
    [...onServer].map(async ([model, query]): Promise<ModelDigest | undefined> => {
      reporter?.start(`${model} (verify)`, options.progress!.expected(model), 0);
      const digest = await query().catch(() => undefined);
      return digest && { model, count: digest.count, checksum: formatDigest('lookup3', digest.sum) };
    }),
  );
  const agreed = fromServer.filter((digest): digest is ModelDigest => {
    const then = digest && moved.find(m => m.model === digest.model);
    return Boolean(then && then.count === digest!.count && then.checksum === digest!.checksum);
  });
  for (const { model, count } of agreed) {
    reporter?.advance(`${model} (verify)`, count);
    reporter?.finish(`${model} (verify)`);
  }
  const readBack = (meta: EntityMetadata) => !agreed.some(digest => digest.model === meta.className);
  const rest = await digestDatabase(target, options.batchSize, options.progress, options.digestOf, readBack);
  const order = modelsInLoadOrder(target.orm).map(meta => meta.className);
  return [...agreed, ...rest].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model));
}
