import { nonNegative, rejectUnknownKeys, requireObject, wholeNumber } from './checks.ts';
import { FarmConfigError } from './errors.ts';
import { interpolate } from './interpolate.ts';
import type { AlertThresholds, DatabaseConfig, ResolvedDatabaseConfig } from './types.ts';

const MONITORING_KEYS = ['enabled', 'snapshotIntervalMs', 'snapshotBufferSize', 'alerts', 'dashboardToken'] as const;
const ALERT_KEYS = ['poolUtilization', 'waitingRequests', 'p95Ms', 'errorRate', 'healthFail', 'intervalMs'] as const;

export const MONITORING_DEFAULTS = { enabled: true, snapshotIntervalMs: 10_000, snapshotBufferSize: 360 } as const;

/** Used when `monitoring.alerts` is not set (alerts are then evaluated only while a dashboard is open). */
export const ALERT_DEFAULTS: Required<AlertThresholds> = {
  poolUtilization: 0.9,
  waitingRequests: 5,
  p95Ms: 1000,
  errorRate: 0.05,
  healthFail: true,
  intervalMs: 5000,
};

export function checkMonitoring(
  monitoring: NonNullable<DatabaseConfig['monitoring']>,
  env: NodeJS.ProcessEnv,
  file?: string,
): ResolvedDatabaseConfig['monitoring'] {
  requireObject(monitoring, 'database.monitoring', file);
  rejectUnknownKeys(monitoring, MONITORING_KEYS, 'database.monitoring', file);
  const d = MONITORING_DEFAULTS;
  return {
    enabled: monitoring.enabled ?? d.enabled,
    snapshotIntervalMs: wholeNumber(monitoring.snapshotIntervalMs, 'database.monitoring.snapshotIntervalMs', 1, file) ?? d.snapshotIntervalMs,
    snapshotBufferSize: wholeNumber(monitoring.snapshotBufferSize, 'database.monitoring.snapshotBufferSize', 1, file) ?? d.snapshotBufferSize,
    alerts: monitoring.alerts === undefined ? null : checkAlerts(monitoring.alerts, file),
    dashboardToken: interpolate(monitoring.dashboardToken, 'database.monitoring.dashboardToken', env, file) ?? env.FARM_DASHBOARD_TOKEN ?? null,
  };
}

function checkAlerts(alerts: AlertThresholds, file?: string): Required<AlertThresholds> {
  const key = 'database.monitoring.alerts';
  requireObject(alerts, key, file);
  rejectUnknownKeys(alerts, ALERT_KEYS, key, file);
  const fraction = (value: unknown, name: string) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
      throw new FarmConfigError(`expected a fraction above 0 and at most 1, got ${JSON.stringify(value)}`, { key: `${key}.${name}`, file, hint: `set ${key}.${name} to e.g. 0.9 (90 %)` });
    }
    return value;
  };
  if (alerts.healthFail !== undefined && typeof alerts.healthFail !== 'boolean') {
    throw new FarmConfigError(`expected true or false, got ${JSON.stringify(alerts.healthFail)}`, { key: `${key}.healthFail`, file, hint: 'set it to true or false' });
  }
  return {
    poolUtilization: fraction(alerts.poolUtilization, 'poolUtilization') ?? ALERT_DEFAULTS.poolUtilization,
    waitingRequests: wholeNumber(alerts.waitingRequests, `${key}.waitingRequests`, 1, file) ?? ALERT_DEFAULTS.waitingRequests,
    p95Ms: nonNegative(alerts.p95Ms, `${key}.p95Ms`, file) ?? ALERT_DEFAULTS.p95Ms,
    errorRate: fraction(alerts.errorRate, 'errorRate') ?? ALERT_DEFAULTS.errorRate,
    healthFail: alerts.healthFail ?? ALERT_DEFAULTS.healthFail,
    intervalMs: wholeNumber(alerts.intervalMs, `${key}.intervalMs`, 100, file) ?? ALERT_DEFAULTS.intervalMs,
  };
}
