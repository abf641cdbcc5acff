/** A runtime failure with a concrete next step for the user. */
export class FarmRuntimeError extends Error {
  readonly hint: string;
  constructor(problem: string, options: { hint: string; cause?: unknown }) {
    super(`${problem}\n  Fix: ${options.hint}`, { cause: options.cause });
    this.name = 'FarmRuntimeError';
    this.hint = options.hint;
  }
}

/** The database could not be reached at start-up. */
export class DatabaseConnectionError extends FarmRuntimeError {
  readonly target: string;
  readonly attempts: number;
  constructor(label: string, target: string, attempts: number, cause: unknown) {
    const reason = describeError(cause);
    super(`could not connect to ${label} at ${target} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, {
      hint: `check that the server is running and reachable at ${target}, and that DATABASE_URL / farm.config.ts point to it`,
      cause,
    });
    this.name = 'DatabaseConnectionError';
    this.target = target;
    this.attempts = attempts;
  }
}

/** A readable one-line reason, also for Node's AggregateError (empty message, one error per address). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
