import { FarmConfigError } from './errors.ts';
import { interpolate } from './interpolate.ts';
import { redactUrl } from './redact.ts';
import { checkUrl } from './check-url.ts';
import type { DatabaseConfig, DatabaseType } from './types.ts';
import { REPLICA_SUPPORT } from '../runtime/providers/replica-support.ts';

export const REPLICA_PROBE_INTERVAL_MS = 5000;

/** Resolves `database.replicas`: a list of URLs, each interpolated like `database.url` and checked against the type. */
export function checkReplicas(
  replicas: DatabaseConfig['replicas'],
  where: { type: DatabaseType; primaryUrl?: string; env: NodeJS.ProcessEnv; file?: string },
): string[] {
  const { type, file } = where;
  if (replicas === undefined) return [];
  if (!Array.isArray(replicas)) {
    throw new FarmConfigError(`expected a list of replica URLs, got ${typeof replicas}`, {
      key: 'database.replicas',
      file,
      hint: 'write database.replicas: ["${REPLICA_URL}", …] (one URL per replica)',
    });
  }
  const support = REPLICA_SUPPORT[type];
  if (replicas.length > 0 && 'unsupported' in support) {
    throw new FarmConfigError(`read replicas are not available on ${type}`, { key: 'database.replicas', file, hint: support.unsupported });
  }
  const seen = new Map<string, number>();
  return replicas.map((setting, index) => {
    const key = `database.replicas[${index}]`;
    const url = interpolate(setting, key, where.env, file);
    if (!url) {
      throw new FarmConfigError('the replica URL is empty', { key, file, hint: 'set it to the replica\'s URL, or remove the entry' });
    }
    checkUrl(url, type, file, key);
    if (where.primaryUrl && sameServer(url, where.primaryUrl)) {
      throw new FarmConfigError(`${redactUrl(url)} is the primary's URL`, {
        key,
        file,
        hint: 'list only the replicas here; database.url is the primary, which takes the writes',
      });
    }
    const target = serverOf(url);
    const earlier = seen.get(target);
    if (earlier !== undefined) {
      throw new FarmConfigError(`the same replica as database.replicas[${earlier}] (${target})`, {
        key,
        file,
        hint: 'list each replica once',
      });
    }
    seen.set(target, index);
    return url;
  });
}

/** host:port/database, without credentials. */
function serverOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port}${parsed.pathname}`;
}

function sameServer(a: string, b: string): boolean {
  try {
    return serverOf(a) === serverOf(b);
  } catch {
    return false;
  }
}
