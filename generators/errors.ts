/** Exit codes of the CLI: 0 ok, 1 failure, 2 usage error (bad input the user can correct), 3 written but manual steps remain. */
export const EXIT = { ok: 0, failure: 1, usage: 2, manualSteps: 3 } as const;

/**
 * A generator failure with what went wrong, where, and how to fix it. `exitCode` 2 marks
 * bad input (unknown type, path outside the project, file that does not parse).
 */
export class GeneratorError extends Error {
  readonly exitCode: number;
  readonly hint: string;

  constructor(problem: string, options: { hint: string; exitCode?: number; cause?: unknown }) {
    super(`${problem}\n  Fix: ${options.hint}`, { cause: options.cause });
    this.name = 'GeneratorError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}
