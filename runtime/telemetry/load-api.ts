import type * as OpenTelemetryApi from '@opentelemetry/api';

export type OtelApi = typeof OpenTelemetryApi;

/**
 * `@opentelemetry/api` when the app has it (an optional peer dependency), else undefined:
 * farm-db then never touches OpenTelemetry again. Any other failure to load it is a real error.
 */
export async function loadOpenTelemetryApi(): Promise<OtelApi | undefined> {
  try {
    return await import('@opentelemetry/api');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
