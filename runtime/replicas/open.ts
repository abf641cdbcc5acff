import type { MikroORM, Options } from '@mikro-orm/core';
import type { ResolvedDatabaseConfig } from '../../config/types.ts';
import type { FarmLogger } from '../monitoring/logger.ts';
import { REPLICA_SUPPORT } from '../providers/replica-support.ts';
import { replicaConnectionOptions } from './options.ts';
import { ReplicaSet } from './replica-set.ts';

/** MikroORM's options for `database.replicas`: reads outside transactions prefer a replica (MikroORM's default, made explicit). */
export function replicaOrmOptions(urls: readonly string[], primary: Partial<Options>): Partial<Options> {
  if (urls.length === 0) return {};
  return { replicas: replicaConnectionOptions(urls, primary), preferReadReplicas: true };
}

/**
 * Takes over the routing of the replicas MikroORM opened, probes them once (one that does not
 * answer starts out of rotation, never failing start-up) and keeps probing them in the background.
 */
export async function openReplicas(
  orm: MikroORM,
  config: ResolvedDatabaseConfig,
  options: { logger: FarmLogger; timeoutMs: number },
): Promise<ReplicaSet | undefined> {
  const support = REPLICA_SUPPORT[config.type];
  if (config.replicas.length === 0 || 'unsupported' in support) return undefined;
  const names = replicaConnectionOptions(config.replicas, {}).map(replica => replica.name!);
  const set = new ReplicaSet(orm, names, { support, logger: options.logger, timeoutMs: options.timeoutMs });
  await set.probe();
  set.start(config.replicaProbeIntervalMs);
  return set;
}
