import { describeError } from './errors.ts';
import type { PoolStats, ProviderSession, ServerConnections } from './providers/provider.ts';

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One measurement, as in the IETF "Health Check Response Format for HTTP APIs" draft. */
export interface HealthCheckEntry<T = unknown> {
  componentId: string;
  componentType: 'datastore';
  observedValue?: T;
  observedUnit?: string;
  status: HealthStatus;
  time: string;
  output?: string;
}

export interface HealthChecks {
  'database:responseTime': [HealthCheckEntry<number>];
  'database:version'?: [HealthCheckEntry<string>];
  'database:pool'?: [HealthCheckEntry<PoolStats | null>];
  'database:connections'?: [HealthCheckEntry<ServerConnections | null>];
  /** One entry per read replica (componentId: its host:port); see runtime/replicas/health.ts. */
  'replicas:responseTime'?: HealthCheckEntry<number>[];
  'replicas:lag'?: HealthCheckEntry<number>[];
}

/** Served as application/health+json: `status` is the worst of the checks. */
export interface HealthResponse {
  status: HealthStatus;
  description: string;
  output?: string;
  checks: HealthChecks;
}

const WARN_CONNECTION_RATIO = 0.9;

interface Probe {
  componentId: string;
  label: string;
  ping: () => Promise<void>;
  session: ProviderSession;
}

/** Runs the checks; any failure becomes `fail` with the error text, never a throw. */
export async function probeHealth(probe: Probe, timeoutMs: number): Promise<HealthResponse> {
  const time = new Date().toISOString();
  const entry = <T>(status: HealthStatus, observedValue?: T, extra: Partial<HealthCheckEntry<T>> = {}): [HealthCheckEntry<T>] => [
    { componentId: probe.componentId, componentType: 'datastore', observedValue, status, time, ...extra },
  ];
  const started = performance.now();
  try {
    await withTimeout(probe.ping(), timeoutMs, `no answer within ${timeoutMs} ms`);
  } catch (error) {
    const output = describeError(error);
    return {
      status: 'fail',
      description: `${probe.label} health`,
      output,
      checks: { 'database:responseTime': entry<number>('fail', undefined, { output, observedUnit: 'ms' }) },
    };
  }
  const latency = Math.round((performance.now() - started) * 100) / 100;
  const pool = probe.session.poolStats();
  // One query after the other: a probe holds at most one connection, so on a small or busy pool
  // it neither makes the app wait nor shows up as the saturation it is meant to report. The
  // whole probe keeps to timeoutMs: each query gets the time the ones before it left.
  const left = () => started + timeoutMs - performance.now();
  const [version] = await Promise.allSettled([withinTime(() => probe.session.serverVersion(), left(), 'version query timed out')]);
  const [connections] = await Promise.allSettled([withinTime(() => probe.session.serverConnections(), left(), 'connection count timed out')]);
  const checks: HealthChecks = {
    'database:responseTime': entry('pass', latency, { observedUnit: 'ms' }),
    'database:version':
      version.status === 'fulfilled' ? entry('pass', version.value) : entry<string>('warn', undefined, { output: describeError(version.reason) }),
    'database:pool': entry(pool && pool.waiting > 0 ? 'warn' : 'pass', pool, pool ? {} : { output: 'not exposed by this driver' }),
    'database:connections':
      connections.status === 'fulfilled'
        ? entry(connectionStatus(connections.value), connections.value, connections.value ? {} : { output: 'not applicable' })
        : entry<ServerConnections | null>('warn', undefined, { output: describeError(connections.reason) }),
  };
  const statuses = Object.values(checks).map(([c]) => c.status);
  return {
    status: statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass',
    description: `${probe.label} health`,
    checks,
  };
}

/** The answer when there is no connection to probe (not initialized, shut down). */
export function unavailableHealth(componentId: string, label: string, output: string): HealthResponse {
  return {
    status: 'fail',
    description: `${label} health`,
    output,
    checks: {
      'database:responseTime': [
        { componentId, componentType: 'datastore', observedUnit: 'ms', status: 'fail', time: new Date().toISOString(), output },
      ],
    },
  };
}

function connectionStatus(connections: ServerConnections | null): HealthStatus {
  if (!connections?.max) return 'pass';
  return connections.current >= connections.max * WARN_CONNECTION_RATIO ? 'warn' : 'pass';
}

/** Starts `query` only if there is time left for it. */
function withinTime<T>(query: () => Promise<T>, ms: number, message: string): Promise<T> {
  return ms > 0 ? withTimeout(query(), ms, message) : Promise.reject(new Error(message));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
