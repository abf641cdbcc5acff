import type { HealthCheckEntry, HealthResponse, HealthStatus } from '../health.ts';
import type { ReplicaStatus } from './replica-set.ts';

/**
 * Adds the replicas to a health response: a replica out of rotation is `fail` in its own entry
 * but makes the whole response only `warn`, since its reads go to the others or the primary.
 */
export function withReplicaHealth(health: HealthResponse, replicas: readonly ReplicaStatus[]): HealthResponse {
  if (replicas.length === 0) return health;
  const entry = <T>(replica: ReplicaStatus, status: HealthStatus, extra: Partial<HealthCheckEntry<T>>): HealthCheckEntry<T> => ({
    componentId: replica.name,
    componentType: 'datastore',
    status,
    time: replica.checkedAt ?? new Date().toISOString(),
    ...extra,
  });
  const out = (replica: ReplicaStatus) => `out of rotation since ${replica.outSince}: ${replica.lastError ?? 'no answer'}`;
  const responseTime = replicas.map(replica =>
    replica.inRotation
      ? entry<number>(replica, 'pass', { observedValue: replica.responseTimeMs ?? undefined, observedUnit: 'ms' })
      : entry<number>(replica, 'fail', { observedUnit: 'ms', output: out(replica) }),
  );
  const lag = replicas.map(replica => {
    if (!replica.inRotation) return entry<number>(replica, 'fail', { observedUnit: 's', output: out(replica) });
    if (replica.lagSeconds === null) {
      return entry<number>(replica, 'warn', { observedUnit: 's', output: replica.lagOutput ?? 'not reported' });
    }
    return entry<number>(replica, 'pass', { observedValue: replica.lagSeconds, observedUnit: 's' });
  });
  const degraded = [...responseTime, ...lag].some(check => check.status !== 'pass');
  const status: HealthStatus = health.status === 'pass' && degraded ? 'warn' : health.status;
  return { ...health, status, checks: { ...health.checks, 'replicas:responseTime': responseTime, 'replicas:lag': lag } };
}
