/**
 * The logging surface farm-db needs: pino's `(object, message)` call shape, so a pino
 * (or pino-compatible: bunyan-style, Fastify's `app.log`) logger can be passed as is.
 */
export interface FarmLogger {
  warn(details: object, message: string): void;
  error?(details: object, message: string): void;
  info?(details: object, message: string): void;
}

/** The default: one readable line on stderr with the details after it. */
export const consoleLogger: FarmLogger = {
  warn: (details, message) => console.warn(`[farm-db] ${message}`, details),
  error: (details, message) => console.error(`[farm-db] ${message}`, details),
  info: (details, message) => console.info(`[farm-db] ${message}`, details),
};
