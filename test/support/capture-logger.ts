import type { FarmLogger } from '../../runtime/monitoring/logger.ts';

export interface LogEntry {
  level: 'warn' | 'error' | 'info';
  message: string;
  details: Record<string, unknown>;
}

/** A pino-shaped logger that keeps what it is given, for assertions. */
export function captureLogger(): FarmLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const keep = (level: LogEntry['level']) => (details: object, message: string) =>
    entries.push({ level, message, details: details as Record<string, unknown> });
  return { entries, warn: keep('warn'), error: keep('error'), info: keep('info') };
}
